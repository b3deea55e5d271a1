/**
 * Everything the simulator does after answering an HTTP request runs as a tracked task, so tests
 * can wait until the network is quiet (`settle`) and `stop` can end it all at once.
 */
import { setMaxListeners } from 'node:events';

export class StoppedError extends Error {
  override name = 'StoppedError';
}

export class Tasks {
  private active = 0;
  private waiters: (() => void)[] = [];
  private readonly stopper = new AbortController();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();

  constructor() {
    // Every in-flight webhook listens on this signal; hundreds at once are expected, not a leak.
    setMaxListeners(0, this.stopper.signal);
  }

  get signal(): AbortSignal {
    return this.stopper.signal;
  }

  get pending(): number {
    return this.active;
  }

  /** Runs `work` in the background; its failure is reported to `onError`, never thrown. */
  spawn(work: () => Promise<void>, onError: (error: unknown) => void): void {
    if (this.stopper.signal.aborted) return;
    this.active++;
    void (async () => {
      try {
        await work();
      } catch (error) {
        if (!(error instanceof StoppedError)) onError(error);
      } finally {
        this.active--;
        if (this.active === 0) this.waiters.splice(0).forEach((wake) => wake());
      }
    })();
  }

  /** Waits `ms`; rejects with StoppedError when the simulator stops or `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.stopper.signal.aborted || signal?.aborted) return Promise.reject(new StoppedError('stopped'));
    return new Promise((resolve, reject) => {
      const finish = (error?: StoppedError) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => finish(new StoppedError('stopped'));
      const timer = setTimeout(() => finish(), ms);
      // Stop rejects through this map rather than a listener per sleep on one shared signal.
      this.timers.set(timer, onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Resolves once no task is running; rejects after `timeoutMs` naming how many still are. */
  idle(timeoutMs?: number): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== wake);
          reject(new Error(`Simulator did not settle within ${timeoutMs} ms (${this.active} tasks pending)`));
        }, timeoutMs);
      }
    });
  }

  stop(): void {
    this.stopper.abort();
    for (const abort of [...this.timers.values()]) abort();
  }
}
