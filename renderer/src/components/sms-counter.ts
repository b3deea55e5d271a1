/** What the live SMS counter says, from the contract's own segment counting (no second copy). */
import { countSegments, smsBody, standDownBody } from '@contract';
import type { Language, SmsEncoding } from '@contract';

const SIZES: Record<SmsEncoding, { single: number; perPart: number }> = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
};

export interface SmsCount {
  encoding: SmsEncoding;
  segments: number;
  /** Room left in the last part before another part is needed. */
  remaining: number;
  /** The characters that force UCS-2, each once, in order of appearance. */
  wideChars: string[];
}

/** How the text will go out: drill mark first, reply hint last (the contract's smsBody). */
export interface SmsSending {
  drill: boolean;
  language: Language;
}

export function smsCount(text: string): SmsCount {
  const { encoding, segments, units } = countSegments(text);
  const size = SIZES[encoding];
  const capacity = segments === 1 ? size.single : segments * size.perPart;
  const wideChars = encoding === 'UCS-2' ? [...new Set(Array.from(text).filter((c) => countSegments(c).encoding === 'UCS-2'))] : [];
  return { encoding, segments, remaining: Math.max(0, capacity - units), wideChars };
}

/** The count of what is actually sent for the operator's text, not of the text alone. */
export function sentSmsCount(text: string, sending: SmsSending): SmsCount {
  return smsCount(smsBody(text, sending));
}

/** The words GDial adds, in the message's language: for the help text beside the counter. */
export function addedWords(language: Language): { replyHint: string; drillMark: string } {
  return {
    replyHint: smsBody('', { drill: false, language }).trim(),
    drillMark: standDownBody('', { drill: true, language }).trim(),
  };
}
