/**
 * SMS opt-out per number: STOP/STOPP/AVSLUTA from the person, or the carrier's error 21610
 * ("unsubscribed recipient"). Every contact sharing the number stops getting texts; texts
 * already queued to it are cancelled, so the ledger never keeps trying a number that said no.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import type { AttemptRow, Ledger } from '../dispatch/ledger';
import type { Outcomes } from '../dispatch/outcomes';

/** Twilio's error when a number has opted out of the account's messages. */
export const UNSUBSCRIBED_ERROR = '21610';

export function optOut(db: Db, ledger: Ledger, outcomes: Outcomes, e164: string, now: number): { alerts: number[] } {
  return inTransaction(db, () => {
    db.run(sql`UPDATE phone_numbers SET sms_opted_out = 1, sms_opted_out_at = ${now}, updated_at = ${now} WHERE e164 = ${e164} AND sms_opted_out = 0`);
    const queued = db.all<{ id: number }>(sql`SELECT id FROM dispatch_attempts WHERE e164 = ${e164} AND channel = 'sms' AND state = 'queued'`);
    const alerts = new Set<number>();
    for (const { id } of queued) {
      const attempt = ledger.get(id) as AttemptRow;
      outcomes.finish(attempt, 'canceled', { code: UNSUBSCRIBED_ERROR, message: 'numret har avböjt SMS (STOPP)' }, now);
      alerts.add(attempt.alertId);
    }
    return { alerts: [...alerts] };
  });
}

export function optIn(db: Db, e164: string, now: number): void {
  db.run(sql`UPDATE phone_numbers SET sms_opted_out = 0, sms_opted_out_at = NULL, updated_at = ${now} WHERE e164 = ${e164} AND sms_opted_out = 1`);
}
