/**
 * Group commit: small writes that arrive together share one transaction, so one fsync covers
 * many of them (with synchronous=FULL each commit is an fsync, the real cost of a write).
 * Each write runs in its own savepoint: one failing write rejects alone.
 */
import type { Db } from './open';
import { inTransaction } from './tx';

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Transactions committed so far (each one fsync), for tests and benchmarks. */
  commits = 0;

  constructor(private readonly db: Db) {}

  /** Runs `fn` in the next shared transaction; resolves once that transaction is committed. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      inTransaction(this.db, () => {
        for (const p of batch) {
          try {
            // Nested: a savepoint of its own, so a failing write rolls back alone.
            outcomes.push({ ok: true, value: inTransaction(this.db, p.run) });
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
