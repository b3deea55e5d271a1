/**
 * The list of cached audio made of each alert's message (table alert_audio), so a burn erases
 * every clip of it: the database's (audio_clips, which every engine of a cluster serves from)
 * and this machine's file; other engines delete their files when they find the clip gone
 * (tts/audio-cache.ts). The cache id depends on engine and voice: audio made under an
 * earlier voice setting, a fallback voice or before a restart cannot be found again from the
 * text and today's settings. The ids are HMACs, not content, so the list reveals nothing.
 */
import type { Queryable } from '../db/store';
import type { AudioCache } from '../tts/audio-cache';
import { deleteClips } from '../tts/audio-clips-store';
import { audioOf, isBurned, listAudio, markErasePending, unlistAudio } from './burn-store';

export class AlertAudio {
  /** Pairs already written in this run: every call's TwiML asks for the message's audio again. */
  private readonly written = new Set<string>();
  private readonly now: () => number;

  constructor(
    private readonly d: {
      store: Queryable;
      cache: Pick<AudioCache, 'remove'>;
      now?: () => number;
    },
  ) {
    this.now = d.now ?? Date.now;
  }

  /** Notes that `audioId` speaks the alert's message. */
  async remember(alertId: number, audioId: string): Promise<void> {
    const key = pairKey(alertId, audioId);
    if (this.written.has(key)) return;
    // One unit with the check: the burn's unit comes wholly before it (burned: not listed) or
    // after it (listed, so the burn erases it).
    const burned = await this.d.store.unit(async (tx) => {
      if (await isBurned(tx, alertId)) return true;
      await listAudio(tx, alertId, audioId, this.now());
      return false;
    });
    // A synthesis still running when the alert was burned ends after the erasing: erase it now.
    if (burned) {
      await this.d.store.unit((tx) => this.deleteClips(tx, [audioId]));
      this.d.cache.remove(audioId);
    } else this.written.add(key);
  }

  /**
   * Erases every clip listed for the alert and the list (one unit), then this machine's files;
   * returns how many files were removed here. The clips go first: no engine can fill its file
   * from them again.
   */
  async erase(alertId: number): Promise<number> {
    const ids = await audioOf(this.d.store, alertId);
    if (ids.length > 0) {
      await this.d.store.unit(async (tx) => {
        await this.deleteClips(tx, ids);
        await unlistAudio(tx, alertId, ids);
      });
    }
    const removed = ids.filter((id) => this.d.cache.remove(id)).length;
    for (const id of ids) this.written.delete(pairKey(alertId, id));
    return removed;
  }

  /**
   * Deletes the clips from the database. The burn's own reclaim has usually run by now (the burner
   * erases audio after it), so deleted rows mark the erase pending again: the next round gets
   * their bytes off the disk (SQLite's WAL, PostgreSQL's dead row versions).
   */
  private async deleteClips(tx: Queryable, ids: string[]): Promise<void> {
    if ((await deleteClips(tx, ids)) > 0) await markErasePending(tx, this.now());
  }
}

const pairKey = (alertId: number, audioId: string) => `${alertId}\u0000${audioId}`;
