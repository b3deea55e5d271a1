/**
 * The list of cached audio files made of each alert's message (table alert_audio), so a burn
 * erases every one of them. The cache id depends on engine and voice: audio made under an
 * earlier voice setting, a fallback voice or before a restart cannot be found again from the
 * text and today's settings. The ids are HMACs, not content, so the list reveals nothing.
 */
import type { Queryable } from '../db/store';
import type { AudioCache } from '../tts/audio-cache';
import { audioOf, isBurned, listAudio, unlistAudio } from './burn-store';

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
    // A synthesis still running when the alert was burned ends after the erasing: erase its file now.
    if (burned) this.d.cache.remove(audioId);
    else this.written.add(key);
  }

  /** Erases every audio file listed for the alert, then the list; returns how many files were removed. */
  async erase(alertId: number): Promise<number> {
    const ids = await audioOf(this.d.store, alertId);
    const removed = ids.filter((id) => this.d.cache.remove(id)).length;
    await unlistAudio(this.d.store, alertId, ids);
    for (const id of ids) this.written.delete(pairKey(alertId, id));
    return removed;
  }
}

const pairKey = (alertId: number, audioId: string) => `${alertId}\u0000${audioId}`;
