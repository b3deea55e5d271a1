import { sql } from 'drizzle-orm';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertAudio } from '../burn/alert-audio';
import type { Store } from '../db/store';
import { silentLogger } from '../log';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { startWebhookServer, type WebhookHandlers, type WebhookServer } from '../webhooks/webhook-server';
import { AudioCache } from './audio-cache';
import type { Synthesized } from './tts-port';
import { encodeWav } from './wav';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'gdial-audio-test-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const key = { engine: 'espeak', voice: 'sv', text: 'Brand i Åby' };

/** A synthesiser that counts its calls and takes a moment, like a real one. */
function counting(ms = 20) {
  let calls = 0;
  const synth = async (): Promise<Synthesized> => {
    calls++;
    await new Promise((r) => setTimeout(r, ms));
    return { wav: encodeWav(new Int16Array(8000), 8000), durationMs: 1000 };
  };
  return { synth, calls: () => calls };
}

describe('AudioCache', () => {
  it('writes nothing once closed (an engine stopping), even when a synthesis answers late', async () => {
    const audio = path.join(dir, 'audio');
    const cache = new AudioCache({ dir: audio, secret: 's3cret' });
    const late = counting(100);
    const pending = cache.ensure(key, late.synth);
    await cache.close();
    await expect(pending).rejects.toThrow(/closed/);
    expect(late.calls()).toBe(1);
    expect(existsSync(audio)).toBe(false);
  });

  it('gives each (engine, voice, text) its own 64-hex id, always the same one', () => {
    const cache = new AudioCache({ dir: path.join(dir, 'audio'), secret: 's3cret' });
    const id = cache.idFor('espeak', 'sv', 'Brand i Åby');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(cache.idFor('espeak', 'sv', 'Brand i Åby')).toBe(id);
    const others = [
      cache.idFor('espeak', 'sv', 'Brand i Åby.'),
      cache.idFor('espeak', 'en', 'Brand i Åby'),
      cache.idFor('piper', 'sv', 'Brand i Åby'),
      // The separator keeps fields apart: moving a character across a boundary is another key.
      cache.idFor('espeak', 'svB', 'rand i Åby'),
    ];
    expect(new Set([id, ...others]).size).toBe(5);
  });

  it('cannot be guessed without the secret', () => {
    const a = new AudioCache({ dir, secret: 'one secret' });
    const b = new AudioCache({ dir, secret: 'another secret' });
    expect(a.idFor('espeak', 'sv', 'Hej')).not.toBe(b.idFor('espeak', 'sv', 'Hej'));
    expect(() => new AudioCache({ dir, secret: '' })).toThrow(/secret/);
  });

  it('synthesises once and serves the file afterwards', async () => {
    const cache = new AudioCache({ dir: path.join(dir, 'audio'), secret: 's3cret' });
    const counter = counting();
    const first = await cache.ensure(key, counter.synth);
    expect(first).toMatchObject({ hit: false, durationMs: 1000, id: cache.idFor(key.engine, key.voice, key.text) });
    expect(first.file).toBe(path.join(dir, 'audio', `${first.id}.wav`));
    expect(readFileSync(first.file).toString('ascii', 0, 4)).toBe('RIFF');
    const second = await cache.ensure(key, counter.synth);
    expect(second).toEqual({ ...first, hit: true });
    expect(counter.calls()).toBe(1);
    expect(cache.fileFor(first.id)).toBe(first.file);
    if (process.platform !== 'win32') expect(statSync(first.file).mode & 0o777).toBe(0o600);
  });

  it('finds audio written before a restart, with its duration read from the file', async () => {
    const first = await new AudioCache({ dir, secret: 's3cret' }).ensure(key, counting().synth);
    const counter = counting();
    const again = await new AudioCache({ dir, secret: 's3cret' }).ensure(key, counter.synth);
    expect(again).toEqual({ ...first, hit: true });
    expect(counter.calls()).toBe(0);
  });

  it('shares one synthesis among concurrent requests for the same text', async () => {
    const cache = new AudioCache({ dir, secret: 's3cret' });
    const counter = counting(50);
    const results = await Promise.all(Array.from({ length: 5 }, () => cache.ensure(key, counter.synth)));
    expect(counter.calls()).toBe(1);
    expect(new Set(results.map((r) => r.file)).size).toBe(1);
    // Written through a temporary file and renamed: nothing else is left behind.
    expect(readdirSync(dir)).toEqual([`${results[0]!.id}.wav`]);
  });

  it('writes nothing when synthesis fails, and tries again next time', async () => {
    const cache = new AudioCache({ dir, secret: 's3cret' });
    await expect(cache.ensure(key, () => Promise.reject(new Error('no voice')))).rejects.toThrow('no voice');
    expect(readdirSync(dir)).toEqual([]);
    expect((await cache.ensure(key, counting().synth)).hit).toBe(false);
  });

  it('refuses ids that are not 64 lowercase hex digits, and unknown ones', async () => {
    const cache = new AudioCache({ dir, secret: 's3cret' });
    const { id } = await cache.ensure(key, counting().synth);
    for (const bad of ['../../etc/passwd', `../${id}`, `${id}/..`, id.toUpperCase(), id.slice(1), `${id}0`, `${id.slice(0, 63)}g`, '', `${id}.wav`]) {
      expect(cache.fileFor(bad)).toBeNull();
      expect(cache.remove(bad)).toBe(false);
    }
    expect(cache.fileFor('0'.repeat(64))).toBeNull();
  });

  it('removes audio on request (burn messages)', async () => {
    const cache = new AudioCache({ dir, secret: 's3cret' });
    const counter = counting();
    const { id, file } = await cache.ensure(key, counter.synth);
    expect(cache.remove(id)).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(cache.fileFor(id)).toBeNull();
    expect(cache.remove(id)).toBe(false);
    expect((await cache.ensure(key, counter.synth)).hit).toBe(false);
    expect(counter.calls()).toBe(2);
  });
});

/** Webhook handlers no audio request reaches: only /audio/<id>.wav is asked of these servers. */
const noCallbacks: WebhookHandlers = {
  twiml: () => '<Response/>',
  gather: () => '<Response/>',
  callStatus: () => {},
  amd: () => {},
  smsStatus: () => {},
  smsInbound: () => '<Response/>',
};

// Several engines of a cluster share one database; a carrier may fetch the audio from any of them.
describe.each(testBackends())('AudioCache of several engines over one database on $name', (backend) => {
  let opened: OpenedTestStore;
  let store: Store;
  let servers: WebhookServer[];
  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
    servers = [];
  });
  afterEach(async () => {
    for (const server of servers) await server.close();
    await opened.close();
  });

  /** One engine's cache: its own audio folder, the cluster's secret and database. */
  const engine = (name: string) => new AudioCache({ dir: path.join(dir, name, 'audio'), secret: 'cluster secret', clips: store });
  const clip = (id: string) => store.get<{ durationMs: number }>(sql`SELECT duration_ms AS "durationMs" FROM audio_clips WHERE id = ${id}`);

  /** `/audio/<id>.wav` from a webhook server on loopback serving `cache`, as the carrier fetches it. */
  async function fetchAudio(cache: AudioCache, id: string): Promise<{ status: number; body: Buffer }> {
    const server = await startWebhookServer({ port: 0, handlers: noCallbacks, authTokens: () => [], publicBases: () => [], audioFile: (i) => cache.serve(i), log: silentLogger() });
    servers.push(server);
    const res = await fetch(`${server.url}/audio/${id}.wav`);
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  }

  async function alert(): Promise<number> {
    const row = await store.get<{ id: number }>(sql`
      INSERT INTO alerts (launch_key, title, state, channels, policy, created_at) VALUES ('k', 'Larm', 'running', '["voice"]', '{}', 1) RETURNING id`);
    return row!.id;
  }

  it('keeps a clip it synthesises in the database, and another engine serves it over HTTP without synthesising', async () => {
    const [a, b] = [engine('a'), engine('b')];
    const made = await a.ensure(key, counting().synth);
    expect(made.hit).toBe(false);
    expect(await clip(made.id)).toEqual({ durationMs: 1000 });

    expect(b.fileFor(made.id)).toBeNull();
    const served = await fetchAudio(b, made.id);
    expect(served.status).toBe(200);
    expect(served.body.equals(readFileSync(made.file))).toBe(true);
    // B keeps the copy it wrote (atomically: no temporary file left), and serves it from disk next.
    expect(readdirSync(path.join(dir, 'b', 'audio'))).toEqual([`${made.id}.wav`]);
    expect(b.fileFor(made.id)).toBe(path.join(dir, 'b', 'audio', `${made.id}.wav`));
    expect((await fetchAudio(b, made.id)).status).toBe(200);

    // An id no engine made is 404.
    expect((await fetchAudio(b, '0'.repeat(64))).status).toBe(404);
  });

  it('finds a clip another engine made instead of synthesising it again', async () => {
    const [a, b] = [engine('a'), engine('b')];
    const made = await a.ensure(key, counting().synth);
    const counter = counting();
    const found = await b.ensure(key, counter.synth);
    expect(counter.calls()).toBe(0);
    expect(found).toEqual({ id: made.id, file: path.join(dir, 'b', 'audio', `${made.id}.wav`), durationMs: 1000, hit: true });
    expect(readFileSync(found.file).equals(readFileSync(made.file))).toBe(true);
    // Both at once on a third engine: one file, no synthesis.
    const c = engine('c');
    const both = await Promise.all([c.ensure(key, counter.synth), c.serve(made.id)]);
    expect(counter.calls()).toBe(0);
    expect(both[1]).toBe(both[0].file);
    expect(readdirSync(path.join(dir, 'c', 'audio'))).toEqual([`${made.id}.wav`]);
  });

  it("after a burn on one engine, another serves nothing and deletes its copy when asked for it", async () => {
    const [a, b] = [engine('a'), engine('b')];
    const list = new AlertAudio({ store, cache: a });
    const alertId = await alert();
    const made = await a.ensure(key, counting().synth);
    await list.remember(alertId, made.id);
    expect((await fetchAudio(b, made.id)).status).toBe(200);
    const copy = b.fileFor(made.id)!;
    expect(existsSync(copy)).toBe(true);

    expect(await list.erase(alertId)).toBe(1);
    expect(existsSync(made.file)).toBe(false);
    expect(await clip(made.id)).toBeUndefined();
    // The deleted row's bytes are still on disk until the burner's next reclaim: it is told so.
    expect(await store.get(sql`SELECT 1 AS "pending" FROM app_meta WHERE key = 'burn_erase_pending'`)).toBeDefined();

    expect(existsSync(copy)).toBe(true); // B has not heard of the burn yet
    expect((await fetchAudio(b, made.id)).status).toBe(404);
    expect(existsSync(copy)).toBe(false);
    expect(await b.serve(made.id)).toBeNull();
  });

  it('the sweep deletes copies of burned clips and keeps the others', async () => {
    const [a, b] = [engine('a'), engine('b')];
    const list = new AlertAudio({ store, cache: a });
    const alertId = await alert();
    const burned = await a.ensure(key, counting().synth);
    const kept = await a.ensure({ ...key, text: 'Annat larm' }, counting().synth);
    await list.remember(alertId, burned.id);
    for (const id of [burned.id, kept.id]) expect(await b.serve(id)).not.toBeNull();
    // Not the cache's: left alone.
    writeFileSync(path.join(dir, 'b', 'audio', 'notes.txt'), 'x');

    expect(await b.sweep()).toBe(0);
    await list.erase(alertId);
    expect(await b.sweep()).toBe(1);
    expect(b.fileFor(burned.id)).toBeNull();
    expect(b.fileFor(kept.id)).not.toBeNull();
    expect(readdirSync(path.join(dir, 'b', 'audio')).sort()).toEqual([`${kept.id}.wav`, 'notes.txt'].sort());
    expect(await a.sweep()).toBe(0); // A erased its own file in the burn
    expect(await engine('empty').sweep()).toBe(0); // no folder yet
  });

  it('synthesises again rather than use a local file whose clip is gone', async () => {
    const [a, b] = [engine('a'), engine('b')];
    const list = new AlertAudio({ store, cache: a });
    const alertId = await alert();
    const made = await a.ensure(key, counting().synth);
    await list.remember(alertId, made.id);
    await b.serve(made.id);
    await list.erase(alertId);

    // The same words in a later alert: B's stale copy is not trusted, the clip is made again.
    const counter = counting();
    const again = await b.ensure(key, counter.synth);
    expect(counter.calls()).toBe(1);
    expect(again.hit).toBe(false);
    expect(await clip(made.id)).toEqual({ durationMs: 1000 });
    expect((await fetchAudio(a, made.id)).status).toBe(200);
  });

  it('erases audio whose synthesis ended after its alert was burned, in the database too', async () => {
    const a = engine('a');
    const list = new AlertAudio({ store, cache: a });
    const alertId = await alert();
    await store.run(sql`INSERT INTO burn_messages (alert_id, burn_after, content_sha256, burned_at, created_at) VALUES (${alertId}, 'time', '', 2, 1)`);
    const late = await a.ensure(key, counting().synth);
    expect(await clip(late.id)).toBeDefined();
    await list.remember(alertId, late.id);
    expect(await clip(late.id)).toBeUndefined();
    expect(a.fileFor(late.id)).toBeNull();
    expect((await fetchAudio(engine('b'), late.id)).status).toBe(404);
  });
});
