/**
 * What an SMS reply means. People write "Ja", "ja!", "JA 12", "Ok, kommer", "1", "Nej", "STOPP":
 * the first word decides, an optional number after it names the alert (its reply code).
 */

export type ReplyMeaning = 'confirm' | 'decline' | 'stop' | 'start' | 'unknown';

export interface ParsedReply {
  meaning: ReplyMeaning;
  /** The alert's reply code when the person gave one ("JA 12", "ja12"). */
  code: string | null;
  /** Twilio's own opt-out/opt-in words: Twilio answers those itself and blocks further texts. */
  carrierKeyword: boolean;
}

const CONFIRM = new Set(['JA', 'J', 'OK', 'OKEJ', 'OKAY', '1', 'YES', 'Y']);
const DECLINE = new Set(['NEJ', 'N', '2', 'NO']);
/** Twilio's default Advanced Opt-Out keywords, whole message only. */
const CARRIER_STOP = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const CARRIER_START = new Set(['START', 'UNSTOP']);
/** Swedish opt-out words: Twilio does not know them, so GDial honours them itself. */
const SWEDISH_STOP = new Set(['STOPP', 'STOPPA', 'AVSLUTA', 'AVREGISTRERA']);

function words(body: string): string[] {
  return body
    .toLocaleUpperCase('sv-SE')
    .replace(/[.,!?;:"'()«»”“]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export function parseReply(body: string): ParsedReply {
  const tokens = words(body);
  const only = tokens.length === 1 ? tokens[0]! : null;
  // Twilio matches its keywords on the bare message only: "STOP!" is ours to honour and answer.
  const exact = body.trim().toUpperCase() === only;
  if (only && CARRIER_STOP.has(only)) return { meaning: 'stop', code: null, carrierKeyword: exact };
  if (only && SWEDISH_STOP.has(only)) return { meaning: 'stop', code: null, carrierKeyword: false };
  if (only && CARRIER_START.has(only)) return { meaning: 'start', code: null, carrierKeyword: exact };
  const first = tokens[0] ?? '';
  // "JA12": the word and the code written together.
  const glued = /^(JA|OK|YES|NEJ|NO)(\d{1,9})$/.exec(first);
  const word = glued ? glued[1]! : first;
  const code = glued ? glued[2]! : /^\d{1,9}$/.test(tokens[1] ?? '') ? tokens[1]! : null;
  if (CONFIRM.has(word)) return { meaning: 'confirm', code, carrierKeyword: false };
  if (DECLINE.has(word)) return { meaning: 'decline', code, carrierKeyword: false };
  return { meaning: 'unknown', code: null, carrierKeyword: false };
}
