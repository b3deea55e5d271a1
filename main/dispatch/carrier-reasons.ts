/**
 * Why an attempt ended as it did, as a code with parameters (contract/reason.ts). The ledger
 * keeps what happened: the carrier's error code, and a note GDial wrote (or the carrier's own
 * message). This turns that into a reason code; the words live in contract/vocabulary.ts.
 */
import {
  carrierCodeWords,
  fillWords,
  vocabularyIn,
  type AttemptState,
  type Reason,
  type ReasonParams,
  type VocabularyLanguage,
} from '../contract';
import type { attemptReasonWords } from '../contract';

export type AttemptReasonCode = keyof typeof attemptReasonWords;

/**
 * The notes GDial itself writes into dispatch_attempts.error_message, by the reason they mean.
 * Each lists every wording a ledger may hold (older versions wrote Swedish), so rows written
 * before or after a wording changed read the same.
 */
export const GDIAL_NOTES: Readonly<Partial<Record<AttemptReasonCode, readonly string[]>>> = {
  answered: ['svar mottaget', 'answer received'],
  quorum_reached: ['kvorum uppnått', 'quorum reached'],
  alert_expired: ['larmet gick ut', 'alert expired'],
  message_burned: ['meddelandet förstördes', 'message burned'],
  canceled_by_operator: ['avbrutet av operatör', 'cancelled by operator'],
  sms_opted_out: ['numret har avböjt SMS (STOPP)', 'number opted out of SMS (STOP)'],
  engine_stopped: ['engine stopped while submitting'],
  carrier_wait: ['operatören bad oss vänta (429)', 'carrier asked us to wait (429)'],
  waiting_for_uplink: ['väntar på förbindelse', 'waiting for uplink'],
  redial_by_operator: ['ringer igen på operatörens beslut', 'calling again on the operator’s decision'],
  not_redialed: ['oklart om samtalet gick fram; operatören valde att inte ringa igen', 'in doubt; the operator chose not to call again'],
};

const NOTE_CODES = new Map<string, AttemptReasonCode>(
  Object.entries(GDIAL_NOTES).flatMap(([code, notes]) => notes!.map((note) => [note.toLowerCase(), code as AttemptReasonCode] as const)),
);

/** What the state alone says when neither GDial nor the carrier left a code. */
const STATE_CODES: Partial<Record<AttemptState, AttemptReasonCode>> = {
  busy: 'busy',
  no_answer: 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
  in_doubt: 'in_doubt',
};

/** States whose attempt got through or is still under way: nothing to explain. */
const FINE: ReadonlySet<AttemptState> = new Set(['queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'completed']);

export const FAILED_STATES: readonly AttemptState[] = ['failed', 'busy', 'no_answer'];

/** Every reason code this module can send: what the vocabulary must have words for. */
export const ATTEMPT_REASON_CODES: readonly string[] = [
  ...new Set([...Object.keys(GDIAL_NOTES), ...Object.values(STATE_CODES), 'carrier_unknown', 'unknown', ...Object.keys(carrierCodeWords).map(carrierReasonCode)]),
];

/** A known carrier code is its own reason: `carrier_30003`. */
export function carrierReasonCode(carrierCode: string): string {
  return `carrier_${carrierCode}`;
}

/**
 * The reason an attempt failed, was cancelled or is in doubt; null when it went through or is
 * still running (a stale note from a retried 429 is not a failure). With `queuedNotes`, a queued
 * attempt's note from GDial is said too (waiting for a connection, redial decided): the live view
 * shows why a person is still waiting.
 */
export function attemptReason(
  state: AttemptState,
  errorCode: string | null,
  errorMessage: string | null,
  opts: { queuedNotes?: boolean } = {},
): Reason | null {
  const note = errorMessage?.trim() || null;
  const noted = note ? NOTE_CODES.get(note.toLowerCase()) : undefined;
  if (FINE.has(state) && !(opts.queuedNotes && state === 'queued' && noted)) return null;
  const carrierCode = errorCode?.trim() || null;
  const params: ReasonParams = carrierCode ? { carrierCode } : {};
  let code: string;
  if (noted) code = noted;
  else if (carrierCode) code = carrierCode in carrierCodeWords ? carrierReasonCode(carrierCode) : 'carrier_unknown';
  else code = STATE_CODES[state] ?? 'unknown';
  // The English words for logs and integrators; where GDial has no words of its own for a code,
  // the carrier's message (Twilio's, in English) says what it was.
  const english = reasonWords('en', { code, params });
  const unexplained = code === 'carrier_unknown' || code === 'in_doubt' || code === 'failed';
  const message = note && !noted && unexplained ? `${english}: ${note}` : english;
  return { code, params, message };
}

/** The reason in words (the same words the console shows), for exports in the user's language. */
export function reasonWords(language: VocabularyLanguage, reason: Pick<Reason, 'code' | 'params'>): string {
  const words = vocabularyIn(language);
  const carrierCode = reason.code.startsWith('carrier_') ? reason.code.slice('carrier_'.length) : null;
  const text =
    carrierCode !== null && carrierCode in words.carrierCodes
      ? words.carrierCodes[carrierCode]!
      : ((words.attemptReasons as Record<string, string>)[reason.code] ?? words.attemptReasons.unknown);
  const said = fillWords(text, reason.params);
  return reason.params.carrierCode !== undefined ? fillWords(words.withCarrierCode, { reason: said, carrierCode: reason.params.carrierCode }) : said;
}
