/**
 * SMS opt-out per number: STOP/STOPP/AVSLUTA from the person, or the carrier's error 21610
 * ("unsubscribed recipient"). Every contact sharing the number stops getting texts; texts
 * already queued to it are cancelled, so the ledger never keeps trying a number that said no.
 */
import type { Queryable } from '../db/store';
import { markOptedOut, queuedTextsTo } from './conversation-store';
import type { OutcomesPort } from './outcomes-port';

/** Twilio's error when a number has opted out of the account's messages. */
export const UNSUBSCRIBED_ERROR = '21610';

/** Why a text to a number that said no was not sent. */
const OPTED_OUT = { code: UNSUBSCRIBED_ERROR, message: 'numret har avböjt SMS (STOPP)' };

/**
 * The number said no (STOPP, or the carrier's 21610): opted out, then its queued texts cancelled
 * (each an outcome of its own). Opted out first: a text not yet cancelled is not sent either,
 * the dispatcher skips opted-out numbers. Returns the alerts whose texts were cancelled.
 */
export async function stopTexts(q: Queryable, outcomes: OutcomesPort, e164: string, now: number): Promise<{ alerts: number[] }> {
  await markOptedOut(q, e164, now);
  const alerts = new Set<number>();
  for (const attempt of await queuedTextsTo(q, e164)) {
    await outcomes.finish(attempt, 'canceled', OPTED_OUT, now);
    alerts.add(attempt.alertId);
  }
  return { alerts: [...alerts] };
}
