/**
 * SMS segment counting as carriers bill it: GSM-7 (160 septets, 153 per part when concatenated,
 * extension characters cost two) unless one character is outside it, then UCS-2 (70, 67 per part).
 * A two-unit character (escape pair, surrogate pair) is never split across parts.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
}

/** Packs character widths into parts of `perPart` units without splitting any character. */
function pack(widths: number[], single: number, perPart: number): { segments: number; units: number } {
  const units = widths.reduce((a, b) => a + b, 0);
  if (units <= single) return { segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > perPart) {
      segments++;
      used = 0;
    }
    used += w;
  }
  return { segments, units };
}

export function countSegments(body: string): SegmentCount {
  const chars = Array.from(body);
  const gsm = chars.every((c) => basic.has(c) || extension.has(c));
  if (gsm) {
    return { encoding: 'GSM-7', ...pack(chars.map((c) => (extension.has(c) ? 2 : 1)), 160, 153) };
  }
  return { encoding: 'UCS-2', ...pack(chars.map((c) => c.length), 70, 67) };
}
