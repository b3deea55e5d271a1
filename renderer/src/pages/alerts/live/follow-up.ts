/**
 * The live view's follow-ups, as plain decisions: whom a resend can reach, and which recipient
 * rows wait for the operator's "redial?" answer on an attempt the carrier could not account for.
 */
import type { Alert, Channel, RecipientRow } from '@contract';

export type ResendTarget = 'unconfirmed' | 'failed';

export interface ResendOffer {
  target: ResendTarget;
  /** People the resend is for; for `failed` at most this many (see below). */
  people: number;
  enabled: boolean;
}

/**
 * From the people counters. Unconfirmed: everyone who neither confirmed nor declined. Failed:
 * the engine takes those not settled whose every attempt failed; the counters cannot tell who
 * answered without confirming, so the number is an upper bound, and it is offered only once
 * some attempt has failed at all. Nothing can be resent before the alert is approved.
 */
export function resendOffer(alert: Pick<Alert, 'state' | 'counters'>, target: ResendTarget): ResendOffer {
  const c = alert.counters;
  const people = target === 'unconfirmed' ? c.pending + c.unreached + c.canceled : c.failed > 0 ? c.pending + c.unreached : 0;
  return { target, people, enabled: alert.state !== 'pending_approval' && people > 0 };
}

/**
 * The engine answers a resend with the alert; it only sets an ended alert running again when it
 * queued someone. An alert still running may or may not have queued anyone new.
 */
export function resendResult(next: Pick<Alert, 'state'>): 'queued' | 'nothing' {
  return next.state === 'queued' || next.state === 'running' ? 'queued' : 'nothing';
}

export interface InDoubtAttempt {
  attemptId: number;
  channel: Channel;
}

/** The attempt a row's "redial?" decision is about, or null when its last attempt is not in doubt. */
export function inDoubtAttempt(row: RecipientRow): InDoubtAttempt | null {
  return row.last?.state === 'in_doubt' ? { attemptId: row.last.attemptId, channel: row.last.channel } : null;
}

/**
 * The row right after the decision, until the engine's own row arrives: the attempt is queued
 * again (redial) or failed (left), so the question is not asked twice.
 */
export function afterDecision(row: RecipientRow, attemptId: number, redial: boolean, at: string): RecipientRow {
  if (row.last?.attemptId !== attemptId || row.last.state !== 'in_doubt') return row;
  return { ...row, last: { ...row.last, state: redial ? 'queued' : 'failed', at } };
}
