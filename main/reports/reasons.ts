/** Why an attempt did not get through, in words an operator reads, with the carrier's code kept. */
import type { AttemptState } from '../contract';

/** Twilio's delivery and call error codes that reach the ledger after a create succeeded. */
const CODE_REASONS: Record<string, string> = {
  '30001': 'kön hos operatören var full',
  '30002': 'kontot är spärrat hos operatören',
  '30003': 'telefonen kan inte nås (avstängd eller utan täckning)',
  '30004': 'mottagaren har blockerat meddelandet',
  '30005': 'okänt nummer eller telefonen finns inte',
  '30006': 'fast nummer eller mobiloperatör som inte kan nås',
  '30007': 'stoppat av operatörens filter',
  '30008': 'okänt fel hos operatören',
  '21211': 'ogiltigt nummer enligt operatören',
  '21214': 'numret kan inte nås',
  '21610': 'mottagaren har avregistrerat sig från SMS (STOP)',
  '21612': 'operatören kan inte nå numret',
  '21614': 'numret är inte en mobil och kan inte ta emot SMS',
  '13224': 'ogiltigt nummer för samtal',
};

/** What the state alone says when neither GDial nor the carrier left a message. */
const STATE_REASONS: Partial<Record<AttemptState, string>> = {
  busy: 'upptaget',
  no_answer: 'inget svar',
  failed: 'misslyckades',
  canceled: 'avbrutet',
  in_doubt: 'oklart om operatören tog emot försöket',
};

/** States whose attempt got through or is still under way: nothing to explain. */
const FINE: ReadonlySet<AttemptState> = new Set(['queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'completed']);

export const FAILED_STATES: readonly AttemptState[] = ['failed', 'busy', 'no_answer'];

/**
 * The reason an attempt failed, was cancelled or is in doubt; null when it went through or is
 * still running (a stale message from a retried 429 is not a failure).
 */
export function attemptReason(state: AttemptState, errorCode: string | null, errorMessage: string | null): string | null {
  if (FINE.has(state)) return null;
  const code = errorCode?.trim() || null;
  const message = errorMessage?.trim() || null;
  if (message) return code && !message.includes(code) ? `${message} (kod ${code})` : message;
  if (code) return `${CODE_REASONS[code] ?? STATE_REASONS[state] ?? 'fel hos operatören'} (kod ${code})`;
  return STATE_REASONS[state] ?? null;
}
