/** The list of an alert's message audio: what a burn erases, and audio that arrives too late for it. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findResourcesDir } from '../config/paths';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import { AudioCache } from '../tts/audio-cache';
import { encodeWav } from '../tts/wav';
import { AlertAudio } from './alert-audio';

let dir: string;
let opened: OpenedDatabase;
let cache: AudioCache;
beforeEach(async () => {
  dir = tempDir('gdial-alert-audio-');
  opened = await openDatabase({ file: path.join(dir, 'gdial.db'), migrationsFolder: path.join(findResourcesDir(), 'migrations') });
  cache = new AudioCache({ dir: path.join(dir, 'audio'), secret: 'test secret' });
});
afterEach(() => {
  opened.sqlite.close();
  removeDir(dir);
});

function alert(launchKey: string): number {
  const info = opened.sqlite
    .prepare("INSERT INTO alerts (launch_key, title, state, channels, policy, created_at) VALUES (?, 'Larm', 'running', '[\"voice\"]', '{}', 1)")
    .run(launchKey);
  return Number(info.lastInsertRowid);
}

/** A cached file, as the speech service would make it for (engine, voice, text). */
async function audio(voice: string, text: string): Promise<string> {
  const made = await cache.ensure({ engine: 'espeak', voice, text }, () => Promise.resolve({ wav: encodeWav(new Int16Array(800), 8000), durationMs: 100 }));
  return made.id;
}

const listed = (alertId: number) => opened.sqlite.prepare('SELECT audio_id FROM alert_audio WHERE alert_id = ? ORDER BY audio_id').all(alertId);

describe('AlertAudio', () => {
  it("erases every listed file of one alert and its list, and nothing of another alert's", async () => {
    const list = new AlertAudio({ db: opened.db, cache });
    const burned = alert('a');
    const other = alert('b');
    const [first, second, kept] = [await audio('sv', 'Hemligt'), await audio('sv+f3', 'Hemligt'), await audio('sv', 'Annat larm')];
    list.remember(burned, first);
    list.remember(burned, second);
    list.remember(burned, first);
    list.remember(other, kept);
    expect(listed(burned)).toHaveLength(2);

    expect(list.erase(burned)).toBe(2);
    expect(cache.fileFor(first)).toBeNull();
    expect(cache.fileFor(second)).toBeNull();
    expect(listed(burned)).toEqual([]);
    expect(existsSync(cache.fileFor(kept)!)).toBe(true);
    expect(listed(other)).toEqual([{ audio_id: kept }]);
  });

  it('erases at once audio whose synthesis ended after its alert was burned', async () => {
    const list = new AlertAudio({ db: opened.db, cache });
    const id = alert('late');
    const early = await audio('sv', 'Hemligt');
    list.remember(id, early);
    opened.sqlite.prepare("INSERT INTO burn_messages (alert_id, burn_after, content_sha256, burned_at, created_at) VALUES (?, 'time', '', 2, 1)").run(id);
    list.erase(id);

    // The same file made again, and one in another voice, by syntheses already running at the burn.
    const late = [await audio('sv', 'Hemligt'), await audio('sv+f3', 'Hemligt')];
    for (const audioId of late) list.remember(id, audioId);
    for (const audioId of late) expect(cache.fileFor(audioId)).toBeNull();
    expect(listed(id)).toEqual([]);
  });
});
