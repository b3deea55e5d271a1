/**
 * Ledger statuses only move forward. Carriers deliver callbacks late, twice and out of order;
 * ranking every status makes a late `ringing` after `completed` harmless.
 */
import type { attemptStates } from '../db/schema';

export type AttemptState = (typeof attemptStates)[number];

const RANK: Record<AttemptState, number> = {
  queued: 0,
  submitting: 1,
  in_doubt: 1,
  submitted: 2,
  ringing: 3,
  in_progress: 4,
  completed: 5,
  busy: 5,
  no_answer: 5,
  failed: 5,
  canceled: 5,
};

export const FINAL_STATES: readonly AttemptState[] = ['completed', 'busy', 'no_answer', 'failed', 'canceled'];
export const isFinal = (state: AttemptState) => RANK[state] === 5;
export const rankOf = (state: AttemptState) => RANK[state];

/** Whether a carrier-reported status may replace the current one. */
export function movesForward(current: AttemptState, next: AttemptState): boolean {
  return RANK[next] > RANK[current];
}

/** Twilio's call and message statuses, in ledger terms. */
export function fromCarrierStatus(channel: 'voice' | 'sms', status: string): AttemptState | null {
  if (channel === 'voice') {
    switch (status) {
      case 'queued':
      case 'initiated':
        return 'submitted';
      case 'ringing':
        return 'ringing';
      case 'in-progress':
      case 'answered':
        return 'in_progress';
      case 'completed':
        return 'completed';
      case 'busy':
        return 'busy';
      case 'no-answer':
        return 'no_answer';
      case 'failed':
        return 'failed';
      case 'canceled':
        return 'canceled';
      default:
        return null;
    }
  }
  switch (status) {
    case 'accepted':
    case 'queued':
    case 'scheduled':
      return 'submitted';
    case 'sending':
    case 'sent':
      return 'in_progress';
    case 'delivered':
    case 'read':
      return 'completed';
    case 'undelivered':
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
    default:
      return null;
  }
}
