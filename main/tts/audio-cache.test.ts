import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
