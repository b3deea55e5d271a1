/**
 * What the conversation asks of the dispatch outcomes when someone answers or opts out: record
 * the answer and what follows from it (dispatch/outcomes-async.ts's AsyncOutcomes, each call its
 * own unit of work), or end a queued attempt.
 */
import type { AttemptState } from '../contract';
import type { AttemptRow } from '../dispatch/ledger-store';
import type { CallToEnd } from '../dispatch/outcomes-async';

export interface AnswerVia {
  channel: 'dtmf' | 'sms';
  from: string;
  body: string;
  /** The carrier's SID: the answer is recorded once per SID, so a confirmation counts once. */
  sid?: string;
}

export interface OutcomesPort {
  /** Press 1 / JA (confirm) or press 2 / NEJ (decline) on an attempt; the calls to end now. */
  respond(attemptId: number, meaning: 'confirm' | 'decline', via: AnswerVia, now: number): CallToEnd[] | Promise<CallToEnd[]>;
  /** Ends an attempt from our side (here: a text cancelled because its number opted out). */
  finish(attempt: AttemptRow, state: AttemptState, error: { code?: string; message?: string }, now: number): void | Promise<void>;
}
