/** The list of an alert's message audio: what a burn erases, and audio that arrives too late for it. */
import { sql } from 'drizzle-orm';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/store';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import { AudioCache } from '../tts/audio-cache';
import { encodeWav } from '../tts/wav';
import { AlertAudio } from './alert-audio';

describe.each(testBackends())('AlertAudio on $name', (backend) => {
  let dir: string;
  let opened: OpenedTestStore;
  let store: Store;
  let cache: AudioCache;
  beforeEach(async () => {
    dir = tempDir('gdial-alert-audio-');
    opened = await backend.open();
    store = opened.store;
    cache = new AudioCache({ dir: path.join(dir, 'audio'), secret: 'test secret' });
  });
  afterEach(async () => {
    await opened.close();
    removeDir(dir);
  });

  async function alert(launchKey: string): Promise<number> {
    const row = await store.get<{ id: number }>(sql`
      INSERT INTO alerts (launch_key, title, state, channels, policy, created_at) VALUES (${launchKey}, 'Larm', 'running', '["voice"]', '{}', 1) RETURNING id`);
    return row!.id;
  }

  /** A cached file, as the speech service would make it for (engine, voice, text). */
  async function audio(voice: string, text: string): Promise<string> {
    const made = await cache.ensure({ engine: 'espeak', voice, text }, () => Promise.resolve({ wav: encodeWav(new Int16Array(800), 8000), durationMs: 100 }));
    return made.id;
  }

  const listed = (alertId: number) => store.all(sql`SELECT audio_id FROM alert_audio WHERE alert_id = ${alertId} ORDER BY audio_id`);

  it("erases every listed file of one alert and its list, and nothing of another alert's", async () => {
    const list = new AlertAudio({ store, cache });
    const burned = await alert('a');
    const other = await alert('b');
    const [first, second, kept] = [await audio('sv', 'Hemligt'), await audio('sv+f3', 'Hemligt'), await audio('sv', 'Annat larm')];
    await list.remember(burned, first);
    await list.remember(burned, second);
    await list.remember(burned, first);
    await list.remember(other, kept);
    expect(await listed(burned)).toHaveLength(2);

    expect(await list.erase(burned)).toBe(2);
    expect(cache.fileFor(first)).toBeNull();
    expect(cache.fileFor(second)).toBeNull();
    expect(await listed(burned)).toEqual([]);
    expect(existsSync(cache.fileFor(kept)!)).toBe(true);
    expect(await listed(other)).toEqual([{ audio_id: kept }]);
  });

  it('erases at once audio whose synthesis ended after its alert was burned', async () => {
    const list = new AlertAudio({ store, cache });
    const id = await alert('late');
    const early = await audio('sv', 'Hemligt');
    await list.remember(id, early);
    await store.run(sql`INSERT INTO burn_messages (alert_id, burn_after, content_sha256, burned_at, created_at) VALUES (${id}, 'time', '', 2, 1)`);
    await list.erase(id);

    // The same file made again, and one in another voice, by syntheses already running at the burn.
    const late = [await audio('sv', 'Hemligt'), await audio('sv+f3', 'Hemligt')];
    for (const audioId of late) await list.remember(id, audioId);
    for (const audioId of late) expect(cache.fileFor(audioId)).toBeNull();
    expect(await listed(id)).toEqual([]);
  });
});
