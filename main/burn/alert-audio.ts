/**
 * The list of cached audio files made of each alert's message (table alert_audio), so a burn
 * erases every one of them. The cache id depends on engine and voice: audio made under an
 * earlier voice setting, a fallback voice or before a restart cannot be found again from the
 * text and today's settings. The ids are HMACs, not content, so the list reveals nothing.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import type { AudioCache } from '../tts/audio-cache';

export class AlertAudio {
  /** Pairs already written in this run: every call's TwiML asks for the message's audio again. */
  private readonly written = new Set<string>();
  private readonly now: () => number;

  constructor(
    private readonly d: {
      db: Db;
      cache: Pick<AudioCache, 'remove'>;
      now?: () => number;
    },
  ) {
    this.now = d.now ?? Date.now;
  }

  /** Notes that `audioId` speaks the alert's message. */
  remember(alertId: number, audioId: string): void {
    const key = pairKey(alertId, audioId);
    if (this.written.has(key)) return;
    // A synthesis still running when the alert was burned ends after the erasing: erase its file now.
    if (this.burned(alertId)) {
      this.d.cache.remove(audioId);
      return;
    }
    this.d.db.run(sql`INSERT OR IGNORE INTO alert_audio (alert_id, audio_id, created_at) VALUES (${alertId}, ${audioId}, ${this.now()})`);
    this.written.add(key);
  }

  /** Erases every audio file listed for the alert, then the list; returns how many files were removed. */
  erase(alertId: number): number {
    const ids = this.d.db.all<{ audio_id: string }>(sql`SELECT audio_id FROM alert_audio WHERE alert_id = ${alertId}`).map((r) => r.audio_id);
    const removed = ids.filter((id) => this.d.cache.remove(id)).length;
    this.d.db.run(sql`DELETE FROM alert_audio WHERE alert_id = ${alertId}`);
    for (const id of ids) this.written.delete(pairKey(alertId, id));
    return removed;
  }

  private burned(alertId: number): boolean {
    return !!this.d.db.get(sql`SELECT 1 AS burned FROM burn_messages WHERE alert_id = ${alertId} AND burned_at IS NOT NULL`);
  }
}

const pairKey = (alertId: number, audioId: string) => `${alertId}\u0000${audioId}`;
