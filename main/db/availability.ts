/**
 * Whether the database answers. A PostgreSQL server can go away while GDial runs (restart,
 * network cut); the engine then waits ("väntar på databasen") instead of failing work, probes
 * until the server answers again, and tells whoever listens (the dispatcher pauses and, on
 * return, resolves what was in flight exactly as after a crash). SQLite is a file: always there.
 */
import { EventEmitter } from 'node:events';

/** PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown). */
const LOST_STATES = /^(08\d{3}|57P0[1-3])$/;
const LOST_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
const LOST_TEXT = /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect/i;

export function isConnectionLoss(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (LOST_STATES.test(code) || LOST_ERRNO.has(code)) return true;
    if (typeof e.message === 'string' && LOST_TEXT.test(e.message)) return true;
  }
  return false;
}

export interface Availability {
  /** True while the database does not answer. */
  readonly waiting: boolean;
  /** Told `true` when the database stops answering and `false` when it answers again. */
  onChange(listener: (waiting: boolean) => void): () => void;
}

/** For SQLite: the file is always there. */
export const ALWAYS_AVAILABLE: Availability = { waiting: false, onChange: () => () => {} };

export class DatabaseWatch implements Availability {
  private readonly events = new EventEmitter();
  private timer: NodeJS.Timeout | null = null;
  waiting = false;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly everyMs = 1_000,
  ) {}

  onChange(listener: (waiting: boolean) => void) {
    this.events.on('change', listener);
    return () => void this.events.off('change', listener);
  }

  /** Called with every failed query: a lost connection starts the wait and the probing. */
  noteError(error: unknown) {
    if (this.waiting || !isConnectionLoss(error)) return;
    this.waiting = true;
    this.events.emit('change', true);
    this.schedule();
  }

  private schedule() {
    this.timer = setTimeout(() => {
      this.probe().then(
        () => {
          this.timer = null;
          this.waiting = false;
          this.events.emit('change', false);
        },
        () => this.schedule(),
      );
    }, this.everyMs);
    this.timer.unref();
  }

  close() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.events.removeAllListeners();
  }
}
