/** The live view's per-recipient table: each person's outcome and their latest attempt. */
import type { AttemptState, RecipientRow } from '../contract';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import { attemptReason } from '../dispatch/carrier-reasons';
import { recipientPage, recipientsByIds, type RecipientWithLast } from './alert-view-store';

export async function recipientRows(
  q: Queryable,
  p: { id: number; state?: RecipientRow['state']; offset: number; limit: number },
): Promise<{ total: number; rows: RecipientRow[] }> {
  const page = await recipientPage(q, { alertId: p.id, state: p.state, offset: p.offset, limit: p.limit });
  return { total: page.total, rows: page.rows.map(toRow) };
}

/** The rows of these recipients, for live updates. */
export async function recipientRowsByIds(q: Queryable, ids: number[]): Promise<Array<RecipientRow & { alertId: number }>> {
  if (ids.length === 0) return [];
  return (await recipientsByIds(q, ids)).map(toRow);
}

function toRow(r: RecipientWithLast): RecipientRow & { alertId: number } {
  return {
    alertId: r.alertId,
    id: r.id,
    contactId: r.contactId,
    name: r.name,
    state: r.state,
    confirmedVia: r.confirmedVia,
    attempts: Number(r.attempts),
    last:
      r.aId !== null && r.channel && r.e164 && r.aState && r.updatedAt !== null
        ? { attemptId: r.aId, channel: r.channel, e164: r.e164, state: r.aState, at: iso(r.updatedAt), ...lastReason(r.aState, r.errorCode, r.errorMessage) }
        : null,
  };
}

/** The latest attempt's reason: a code for the console, its English words as `error`. */
function lastReason(state: AttemptState, code: string | null, message: string | null): { error: string | null; reason: NonNullable<RecipientRow['last']>['reason'] } {
  const reason = attemptReason(state, code, message, { queuedNotes: true });
  return { error: reason?.message ?? null, reason };
}
