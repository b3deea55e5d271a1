/**
 * Synthesised speech, one WAV per (engine, voice, text). The id is an HMAC of the three under a
 * secret: the same text is synthesised once, yet nobody can guess the id of a message they have
 * not been given, which matters because Twilio fetches /audio/<id>.wav unsigned.
 *
 * The audio is kept in the database (audio_clips, audio-clips-store.ts) as well as on this
 * machine's disk, because the carrier may fetch /audio/<id>.wav from any engine of a cluster
 * (behind a load balancer), not only the one that synthesised it: the secret, hence every id,
 * is the same on all of them. The database's row is the truth; each machine's folder is a cache
 * of it, filled when a clip is asked for, and a file whose row is gone (burned on another engine)
 * is deleted, never served: when asked for, and by `sweep`, which the engine runs every minute.
 * Without a database (`clips` not given: the speech tests) the folder is all there is.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '../db/store';
import { clipAudio, clipDuration, existingClips, saveClip } from './audio-clips-store';
import type { Synthesized } from './tts-port';
import { parseWav } from './wav';

const ID = /^[0-9a-f]{64}$/;
const WAV_FILE = /^([0-9a-f]{64})\.wav$/;

export interface CacheKey {
  engine: string;
  voice: string;
  text: string;
}

export interface Cached {
  id: string;
  file: string;
  durationMs: number;
  /**
   * True when the audio was already made (on this disk, or in the database by any engine);
   * false when this call (or one it joined) synthesised it.
   */
  hit: boolean;
}

/** Synthesis finished after the engine began to stop: nothing is wrong with the voice. */
export class AudioCacheClosedError extends Error {
  constructor() {
    super('The audio cache is closed (the engine is stopping)');
  }
}

export class AudioCache {
  private readonly dir: string;
  private readonly secret: string;
  private readonly clips: Queryable | null;
  private readonly pending = new Map<string, Promise<Cached>>();
  /** Local files being filled from the database now, so concurrent fetches read the row once. */
  private readonly filling = new Map<string, Promise<{ file: string; durationMs: number } | null>>();
  /** Durations of files already read or written (no database), so a hit need not read the file again. */
  private readonly durations = new Map<string, number>();
  /** Files being written now; `close` waits for them. */
  private readonly writing = new Set<Promise<void>>();
  private closed = false;

  constructor(opts: { dir: string; secret: string; clips?: Queryable }) {
    // An empty secret would make every id computable from the text alone.
    if (!opts.secret) throw new Error('AudioCache needs a secret');
    this.dir = opts.dir;
    this.secret = opts.secret;
    this.clips = opts.clips ?? null;
  }

  idFor(engine: string, voice: string, text: string): string {
    return createHmac('sha256', this.secret).update(`${engine}\0${voice}\0${text}`).digest('hex');
  }

  /**
   * This machine's file behind an id, or null; anything but 64 lowercase hex digits is refused
   * unread. It neither asks the database nor fills the file from it: `serve` does.
   */
  fileFor(id: string): string | null {
    if (!ID.test(id)) return null;
    const file = this.pathOf(id);
    return existsSync(file) ? file : null;
  }

  /**
   * The file to send for `/audio/<id>.wav`, or null. With a database, the clip must still be
   * there (one key lookup): a local file whose clip is gone was burned elsewhere and is deleted
   * here; a clip with no local file (made by another engine) is written here first.
   */
  async serve(id: string): Promise<string | null> {
    if (!ID.test(id)) return null;
    if (!this.clips) return this.fileFor(id);
    if (existsSync(this.pathOf(id))) {
      if ((await clipDuration(this.clips, id)) !== undefined) return this.pathOf(id);
      this.remove(id);
      return null;
    }
    return (await this.fill(id))?.file ?? null;
  }

  /** The cached audio for `key`, synthesising it first if needed; concurrent calls share one synthesis. */
  ensure(key: CacheKey, synth: () => Promise<Synthesized>): Promise<Cached> {
    const id = this.idFor(key.engine, key.voice, key.text);
    const pending = this.pending.get(id);
    if (pending) return pending;
    const work = this.load(id, synth).finally(() => this.pending.delete(id));
    this.pending.set(id, work);
    return work;
  }

  /**
   * No file is written after this, and the files being written are finished first: an engine
   * that has stopped leaves its data directory as it is, even when a synthesis (in the speech
   * process) answers late.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.writing]);
  }

  /**
   * Deletes this machine's file of the audio; true if there was one. A burn deletes the
   * database's clip first (burn/alert-audio.ts), so no engine fills its file again.
   */
  remove(id: string): boolean {
    const file = this.fileFor(id);
    this.durations.delete(id);
    if (!file) return false;
    rmSync(file, { force: true });
    return true;
  }

  /**
   * Deletes the local files whose clip is no longer in the database (burned by another engine
   * of the cluster); returns how many. Nothing without a database. Audio being made or filled
   * right now is left alone.
   */
  async sweep(): Promise<number> {
    if (!this.clips) return 0;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const ids = names.flatMap((name) => WAV_FILE.exec(name)?.[1] ?? []).filter((id) => !this.pending.has(id) && !this.filling.has(id));
    if (ids.length === 0) return 0;
    const kept = await existingClips(this.clips, ids);
    return ids.filter((id) => !kept.has(id) && this.remove(id)).length;
  }

  private pathOf(id: string): string {
    return path.join(this.dir, `${id}.wav`);
  }

  private async load(id: string, synth: () => Promise<Synthesized>): Promise<Cached> {
    const made = this.clips ? await this.fromDatabase(id, this.clips) : await this.fromDisk(id);
    if (made) return made;
    const { wav, durationMs } = await synth();
    if (this.closed) throw new AudioCacheClosedError();
    // The row before the file: a local file always had its clip, so one without is a burned one.
    if (this.clips) await saveClip(this.clips, id, wav, durationMs, Date.now());
    await this.write(id, wav);
    this.durations.set(id, durationMs);
    return { id, file: this.pathOf(id), durationMs, hit: false };
  }

  /** The clip when the database has it (its file written here if missing), else null. */
  private async fromDatabase(id: string, clips: Queryable): Promise<Cached | null> {
    const file = this.pathOf(id);
    const durationMs = await clipDuration(clips, id);
    if (durationMs === undefined) {
      // A file without its clip was burned on another engine (or made before audio was kept in
      // the database): it is not used; synthesising makes the clip again.
      this.remove(id);
      return null;
    }
    if (existsSync(file)) return { id, file, durationMs, hit: true };
    const filled = await this.fill(id);
    return filled && { id, file: filled.file, durationMs: filled.durationMs, hit: true };
  }

  private async fromDisk(id: string): Promise<Cached | null> {
    const file = this.pathOf(id);
    if (!existsSync(file)) return null;
    let durationMs = this.durations.get(id);
    if (durationMs === undefined) {
      try {
        durationMs = parseWav(await readFile(file)).durationMs;
      } catch {
        return null; // Unreadable (a disk error, a file cut short): synthesised again.
      }
    }
    this.durations.set(id, durationMs);
    return { id, file, durationMs, hit: true };
  }

  /** Writes this machine's file from the database's clip; null when there is none (or the cache is closed). */
  private fill(id: string): Promise<{ file: string; durationMs: number } | null> {
    const running = this.filling.get(id);
    if (running) return running;
    const work = (async () => {
      const clip = await clipAudio(this.clips!, id);
      if (!clip || this.closed) return null;
      await this.write(id, clip.wav);
      return { file: this.pathOf(id), durationMs: clip.durationMs };
    })().finally(() => this.filling.delete(id));
    this.filling.set(id, work);
    return work;
  }

  private async write(id: string, wav: Uint8Array): Promise<void> {
    const write = this.writeFile(id, wav);
    this.writing.add(write);
    await write.finally(() => this.writing.delete(write));
  }

  private async writeFile(id: string, wav: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Written beside its final name and renamed: a reader never sees half a file.
    const tmp = path.join(this.dir, `${id}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, wav, { mode: 0o600 });
      await rename(tmp, this.pathOf(id));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
}
