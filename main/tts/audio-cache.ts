/**
 * Synthesised speech on disk, one WAV per (engine, voice, text). The id is an HMAC of the three
 * under a secret: the same text is synthesised once, yet nobody can guess the id of a message
 * they have not been given, which matters because Twilio fetches /audio/<id>.wav unsigned.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Synthesized } from './tts-port';
import { parseWav } from './wav';

const ID = /^[0-9a-f]{64}$/;

export interface CacheKey {
  engine: string;
  voice: string;
  text: string;
}

export interface Cached {
  id: string;
  file: string;
  durationMs: number;
  /** True when the audio was already on disk; false when this call (or one it joined) synthesised it. */
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
  private readonly pending = new Map<string, Promise<Cached>>();
  /** Durations of files already read or written, so a hit need not read the file again. */
  private readonly durations = new Map<string, number>();
  /** Files being written now; `close` waits for them. */
  private readonly writing = new Set<Promise<void>>();
  private closed = false;

  constructor(opts: { dir: string; secret: string }) {
    // An empty secret would make every id computable from the text alone.
    if (!opts.secret) throw new Error('AudioCache needs a secret');
    this.dir = opts.dir;
    this.secret = opts.secret;
  }

  idFor(engine: string, voice: string, text: string): string {
    return createHmac('sha256', this.secret).update(`${engine}\0${voice}\0${text}`).digest('hex');
  }

  /** The file behind an id, or null; anything but 64 lowercase hex digits is refused unread. */
  fileFor(id: string): string | null {
    if (!ID.test(id)) return null;
    const file = path.join(this.dir, `${id}.wav`);
    return existsSync(file) ? file : null;
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

  /** Deletes the audio (a burn message after its calls); true if there was a file. */
  remove(id: string): boolean {
    const file = this.fileFor(id);
    this.durations.delete(id);
    if (!file) return false;
    rmSync(file, { force: true });
    return true;
  }

  private async load(id: string, synth: () => Promise<Synthesized>): Promise<Cached> {
    const file = path.join(this.dir, `${id}.wav`);
    if (existsSync(file)) {
      let durationMs = this.durations.get(id);
      if (durationMs === undefined) {
        try {
          durationMs = parseWav(await readFile(file)).durationMs;
        } catch {
          // Unreadable (a disk error, a file cut short): synthesise it again below.
        }
      }
      if (durationMs !== undefined) {
        this.durations.set(id, durationMs);
        return { id, file, durationMs, hit: true };
      }
    }
    const { wav, durationMs } = await synth();
    if (this.closed) throw new AudioCacheClosedError();
    const write = this.write(id, file, wav);
    this.writing.add(write);
    await write.finally(() => this.writing.delete(write));
    this.durations.set(id, durationMs);
    return { id, file, durationMs, hit: false };
  }

  private async write(id: string, file: string, wav: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Written beside its final name and renamed: a reader never sees half a file.
    const tmp = path.join(this.dir, `${id}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, wav, { mode: 0o600 });
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
}
