/**
 * Synthesised audio in the database (table audio_clips): the copy every engine of a cluster can
 * read, so a carrier may fetch `/audio/<id>.wav` from any of them. Each machine's audio folder
 * is only a cache of these rows (audio-cache.ts); a burn deletes the rows (burn/alert-audio.ts).
 */
import { sql } from 'drizzle-orm';
import { inList } from '../db/multi-row';
import type { Queryable } from '../db/store';

/** Ids per IN list: well under SQLite's and PostgreSQL's parameter limits. */
const IDS_PER_QUERY = 500;

/** Keeps a clip; one made at the same time by another engine (same id, same words) wins unchanged. */
export async function saveClip(q: Queryable, id: string, wav: Uint8Array, durationMs: number, now: number): Promise<void> {
  const bytes = Buffer.isBuffer(wav) ? wav : Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength);
  await q.run(sql`
    INSERT INTO audio_clips (id, wav, duration_ms, created_at) VALUES (${id}, ${bytes}, ${durationMs}, ${now})
    ON CONFLICT (id) DO NOTHING`);
}

/** The clip's duration, or undefined when there is no such clip (never made, or burned): a key lookup, no audio read. */
export async function clipDuration(q: Queryable, id: string): Promise<number | undefined> {
  return (await q.get<{ durationMs: number }>(sql`SELECT duration_ms AS "durationMs" FROM audio_clips WHERE id = ${id}`))?.durationMs;
}

/** The clip's WAV bytes and duration, or undefined. */
export async function clipAudio(q: Queryable, id: string): Promise<{ wav: Buffer; durationMs: number } | undefined> {
  const row = await q.get<{ wav: Buffer | Uint8Array; durationMs: number }>(sql`SELECT wav, duration_ms AS "durationMs" FROM audio_clips WHERE id = ${id}`);
  return row && { wav: Buffer.isBuffer(row.wav) ? row.wav : Buffer.from(row.wav), durationMs: row.durationMs };
}

/** Which of `ids` are clips in the database. */
export async function existingClips(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const rows = await q.all<{ id: string }>(sql`SELECT id FROM audio_clips WHERE id IN ${inList(ids.slice(i, i + IDS_PER_QUERY))}`);
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/** Deletes the clips (a burn); returns how many rows there were. */
export async function deleteClips(q: Queryable, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    deleted += (await q.run(sql`DELETE FROM audio_clips WHERE id IN ${inList(ids.slice(i, i + IDS_PER_QUERY))}`)).changes;
  }
  return deleted;
}
