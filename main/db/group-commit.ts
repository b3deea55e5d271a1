/**
 * Group commit: small writes that arrive together share one unit of work, so one commit covers
 * many of them (with synchronous=FULL each SQLite commit is an fsync, the real cost of a write;
 * on PostgreSQL each commit is a WAL flush and a round trip). Each write runs in its own nested
 * unit (a savepoint): one failing write rejects alone.
 */
import type { Queryable } from './store';

interface Pending {
  run: (tx: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Units committed so far (each one fsync), for tests and benchmarks. */
  commits = 0;

  constructor(private readonly store: Queryable) {}

  /**
   * Runs `fn` in the next shared unit; resolves once that unit is committed. `fn` must await only
   * work on its `tx`.
   */
  run<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.store.unit(async (tx) => {
        for (const p of batch) {
          try {
            // Nested: a savepoint of its own, so a failing write rolls back alone.
            outcomes.push({ ok: true, value: await tx.unit(p.run) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    this.commits++;
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  }
}
