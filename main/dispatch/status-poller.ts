/**
 * The safety net under callbacks: attempts that have heard nothing for a while are asked about
 * at the carrier. Callbacks get lost (the engine was down when they came, a proxy dropped them,
 * no public URL exists at all); asking keeps every recipient accounted for. Polls are paced.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { Carriers } from './carriers';
import type { GroupCommit } from '../db/group-commit';
import type { CallToEnd, Outcomes } from './outcomes';

const PER_ROUND = 20;

export class StatusPoller {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly d: {
      db: Db;
      outcomes: Outcomes;
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
    this.timer = setInterval(() => void this.round(), intervalMs);
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
      const stale = this.d.db.all<{ id: number; alert_id: number; recipient_id: number; channel: 'voice' | 'sms'; sid: string }>(sql`
        SELECT id, alert_id, recipient_id, channel, carrier_sid AS sid FROM dispatch_attempts
        WHERE state IN ('submitted', 'ringing', 'in_progress') AND carrier_sid IS NOT NULL
          AND updated_at <= ${now - this.d.staleSeconds() * 1000}
        ORDER BY updated_at LIMIT ${PER_ROUND}`);
      for (const a of stale) {
        const carrier = this.d.carriers.forAlert(a.alert_id);
        try {
          const status = a.channel === 'voice' ? await carrier.fetchCallStatus(a.sid) : await carrier.fetchMessageStatus(a.sid);
          const ends = await this.d.writes.run(() => {
            // Polled answers are not events: updated_at moves so the row is not asked about again at once.
            this.d.db.run(sql`UPDATE dispatch_attempts SET updated_at = ${(this.d.now ?? Date.now)()} WHERE id = ${a.id}`);
            return this.d.outcomes.applyStatus(
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
