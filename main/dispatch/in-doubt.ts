/**
 * Attempts whose create may or may not have reached the carrier are resolved by asking it:
 * a call or message to that number, created since the attempt began and not already in the
 * ledger, is adopted; if the carrier has nothing after a grace period, it never got it, and the
 * attempt is queued again. Creation is never repeated while the answer is unknown.
 */
import type { Carriers } from './carriers';
import type { Logger } from '../log';
import type { Ledger } from './ledger';
import type { Outcomes } from './outcomes';

export class InDoubtResolver {
  private pending = true;

  constructor(
    private readonly ledger: Ledger,
    private readonly outcomes: Outcomes,
    private readonly carriers: Carriers,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  noteWork() {
    this.pending = true;
  }

  hasWork(): boolean {
    return this.pending;
  }

  /** `graceMs`: how long the carrier may take to show a create before "absent" means "never created". */
  async resolveAll(graceMs: number): Promise<void> {
    this.pending = false;
    for (const attempt of this.ledger.inDoubt()) {
      const since = attempt.submittingAt ?? 0;
      const carrier = this.carriers.forAlert(attempt.alertId);
      const found = attempt.channel === 'voice' ? await carrier.findCalls(attempt.e164, since) : await carrier.findMessages(attempt.e164, since);
      const candidates = found.filter((r) => r.createdAt >= since - 60_000 && !this.ledger.knownSid(r.sid)).sort((a, b) => a.createdAt - b.createdAt);
      const now = this.now();
      const adopt = candidates[0];
      if (adopt) {
        this.ledger.markSubmitted(attempt.id, adopt.sid, carrier.account, now);
        this.outcomes.applyStatus(
          { kind: attempt.channel === 'voice' ? 'call' : 'message', attemptId: attempt.id, sid: adopt.sid, status: adopt.status, payload: { resolvedFromDoubt: 'true' } },
          now,
        );
        this.log.info({ attempt: attempt.id, sid: adopt.sid }, 'in-doubt attempt found at the carrier');
      } else if (now - since >= graceMs) {
        this.ledger.requeue(attempt.id, now, null, now);
        this.log.info({ attempt: attempt.id }, 'in-doubt attempt unknown to the carrier; queued again');
      } else {
        this.pending = true;
      }
    }
  }
}
