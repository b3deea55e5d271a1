/**
 * The safety net under callbacks: attempts that have heard nothing for a while are asked about
 * at the carrier. Callbacks get lost (the engine was down when they came, a proxy dropped them,
 * no public URL exists at all); asking keeps every recipient accounted for. Polls are paced.
 */
import type { Queryable } from '../db/store';
import type { Logger } from '../log';
import type { Carriers } from './carriers';
import type { GroupCommit } from '../db/group-commit';
import { staleAttempts, touchAttempt } from './ledger-store';
import type { AsyncOutcomes, CallToEnd } from './outcomes-async';

const PER_ROUND = 20;

export class StatusPoller {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly d: {
      store: Queryable;
      outcomes: AsyncOutcomes;
      writes: GroupCommit;
      carriers: Carriers;
      /** Seconds without news before an attempt is asked about. */
      staleSeconds: () => number;
      endCalls: (calls: CallToEnd[]) => void;
      log: Logger;
      now?: () => number;
    },
  ) {}

  start(intervalMs = 1000) {
    this.timer = setInterval(() => {
      this.round().catch((error: unknown) => this.d.log.warn({ err: error }, 'status poll round failed; will try again'));
    }, intervalMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One paced round: the stalest attempts first. Returns how many were asked about. */
  async round(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const now = (this.d.now ?? Date.now)();
      const stale = await staleAttempts(this.d.store, now - this.d.staleSeconds() * 1000, PER_ROUND);
      for (const a of stale) {
        const carrier = await this.d.carriers.forAlert(a.alertId);
        try {
          const status = a.channel === 'voice' ? await carrier.fetchCallStatus(a.sid) : await carrier.fetchMessageStatus(a.sid);
          const ends = await this.d.writes.run(async (tx) => {
            // Polled answers are not events: updated_at moves so the row is not asked about again at once.
            await touchAttempt(tx, a.id, (this.d.now ?? Date.now)());
            return this.d.outcomes.applyStatus(
              tx,
              { kind: a.channel === 'voice' ? 'call' : 'message', attemptId: a.id, sid: a.sid, status, payload: { polled: 'true' } },
              (this.d.now ?? Date.now)(),
            );
          });
          this.d.endCalls(ends);
        } catch (error) {
          this.d.log.debug({ err: error, attempt: a.id }, 'status poll failed; will try again');
          break; // The carrier is not answering: no point asking about the rest now.
        }
      }
      return stale.length;
    } finally {
      this.running = false;
    }
  }
}
