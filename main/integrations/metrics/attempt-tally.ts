/**
 * Attempts by channel and state over the whole ledger, without reading the whole ledger at every
 * scrape. One GROUP BY over every row took about 340 ms at 200,000 attempts on SQLite, on the
 * engine's only thread (better-sqlite3 is synchronous): a stall every scrape, growing with the years.
 *
 * The ledger is counted in ranges of ids, one query each, the event loop free between them. A
 * range whose counts cannot change any more is kept and never read again: every row in it is in a
 * final state (statuses only move forward, and a final one never moves: dispatch/attempt-status.ts),
 * attempts are never deleted, and no row of it can still be on its way (the first row after it was
 * written SETTLED_MS ago, so every transaction that took an id below it has long ended). Only the
 * ranges holding live work, and the newest, are read again: a few queries of the primary key.
 */
import type { Queryable } from '../../db/store';
import { FINAL_STATES } from '../../dispatch/attempt-status';
import { attemptsByChannelState, firstQueuedAtFrom, maxAttemptId, type ChannelStateCount } from './metrics-store';

/** Ids per range: one range is read in a few ms. */
export const RANGE = 5_000;
/** A transaction that took an id lasts far less than this (units are short). */
const SETTLED_MS = 5 * 60_000;

const final = new Set<string>(FINAL_STATES);
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class AttemptTally {
  /** Ranges (by index) whose counts are final. */
  private readonly kept = new Map<number, ChannelStateCount[]>();
  private counting: Promise<ChannelStateCount[]> | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** How many ranges are kept (for tests). */
  get keptRanges(): number {
    return this.kept.size;
  }

  /** Every attempt by channel and present state; counts that arrive together share one count. */
  count(q: Queryable): Promise<ChannelStateCount[]> {
    return (this.counting ??= this.countAll(q).finally(() => {
      this.counting = null;
    }));
  }

  private async countAll(q: Queryable): Promise<ChannelStateCount[]> {
    const last = await maxAttemptId(q);
    const totals = new Map<string, ChannelStateCount>();
    const add = (rows: ChannelStateCount[]) => {
      for (const r of rows) {
        const key = `${r.channel}\u0000${r.state}`;
        const seen = totals.get(key);
        if (seen) seen.n += r.n;
        else totals.set(key, { ...r });
      }
    };
    for (let index = 0; index * RANGE <= last; index++) {
      const kept = this.kept.get(index);
      if (kept) {
        add(kept);
        continue;
      }
      const from = index * RANGE;
      const rows = await attemptsByChannelState(q, from, from + RANGE);
      add(rows);
      if (rows.every((r) => final.has(r.state)) && (await this.settledAfter(q, from + RANGE))) this.kept.set(index, rows);
      await yieldToLoop();
    }
    return [...totals.values()];
  }

  /** Whether the first row from `id` on was written long enough ago that nothing below it is still being written. */
  private async settledAfter(q: Queryable, id: number): Promise<boolean> {
    const at = await firstQueuedAtFrom(q, id);
    return at !== null && at < this.now() - SETTLED_MS;
  }
}
