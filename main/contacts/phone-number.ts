/**
 * Swedish number hygiene: every way a Swede writes a number becomes one E.164 string, with a
 * kind and capabilities, or a reason an operator understands. Bad numbers must be found at
 * import, not during a call-out. Never throws.
 */
import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import { vocabularyIn } from '../contract/vocabulary';

export type NumberKind = 'mobile' | 'landline' | 'other' | 'unknown';

export type PhoneProblem =
  | 'empty'
  | 'letters'
  | 'too_short'
  | 'too_long'
  | 'no_country_code'
  | 'not_in_plan'
  | 'emergency';

export type PhoneWarning = 'kind_unknown' | 'premium_rate' | 'foreign';

export type NormalizedPhone =
  | { ok: true; e164: string; kind: NumberKind; voiceCapable: boolean; smsCapable: boolean; country: string; warnings: PhoneWarning[] }
  | { ok: false; problem: PhoneProblem; reason: string };

/** What the operator reads (Swedish first; the console translates by `problem`); contract/vocabulary.ts has the words. */
export const PHONE_PROBLEM_TEXT: Record<PhoneProblem, string> = vocabularyIn('sv').phoneProblems;

export const PHONE_WARNING_TEXT: Record<PhoneWarning, string> = {
  kind_unknown: 'kan inte avgöra om numret är en mobil; SMS kan misslyckas',
  premium_rate: 'betalnummer: samtal kostar extra',
  foreign: 'utländskt nummer',
};

const DEFAULT_COUNTRY: CountryCode = 'SE';

/** Emergency and public service short numbers in Sweden, as national digits. */
const SERVICE_NUMBERS = new Set(['112', '11414', '1177', '11313', '11404', '90000', '116000', '116006', '116111', '116117', '116123']);

const fail = (problem: PhoneProblem): NormalizedPhone => ({ ok: false, problem, reason: PHONE_PROBLEM_TEXT[problem] });

function kindOf(type: NumberType | undefined): { kind: NumberKind; sms: boolean } {
  switch (type) {
    case 'MOBILE':
      return { kind: 'mobile', sms: true };
    case 'FIXED_LINE':
      return { kind: 'landline', sms: false };
    case 'FIXED_LINE_OR_MOBILE':
    case undefined:
      // Allowed to try SMS, with a warning: the operator decides.
      return { kind: 'unknown', sms: true };
    default:
      return { kind: 'other', sms: false };
  }
}

/** Removes what people put around digits: spaces, dashes, dots, slashes, brackets, "(0)". */
function clean(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/^tel:/i, '')
    .replace(/\(0\)/g, '')
    .replace(/[\s\u00a0\-‐‑‒–—./()[\]]/g, '');
}

export function normalizePhone(raw: string, country: CountryCode = DEFAULT_COUNTRY): NormalizedPhone {
  if (typeof raw !== 'string' || raw.trim() === '') return fail('empty');
  const cleaned = clean(raw);
  if (!/^\+?\d+$/.test(cleaned)) return fail('letters');
  const international = cleaned.startsWith('+') || cleaned.startsWith('00');
  const digits = cleaned.replace(/^\+|^00/, '');

  const swedishNsn = cleaned.startsWith('+46') ? digits.slice(2) : cleaned.startsWith('0046') ? digits.slice(2) : cleaned;
  if (SERVICE_NUMBERS.has(swedishNsn.replace(/^0/, '')) || (!international && /^11\d{1,4}$/.test(cleaned))) {
    return fail('emergency');
  }
  if (digits.length < 6) return fail('too_short');
  if (digits.length > 15) return fail('too_long');
  // A national number without the trunk 0 is not Swedish, and without a country code we cannot guess.
  if (!international && !cleaned.startsWith('0')) return fail('no_country_code');

  const parsed = parsePhoneNumberFromString(cleaned, country);
  if (!parsed) return fail('not_in_plan');
  if (!parsed.isValid()) {
    const length = parsed.nationalNumber.length;
    if (parsed.country === 'SE' || parsed.countryCallingCode === '46') {
      if (length < 7) return fail('too_short');
      if (length > 10) return fail('too_long');
    }
    return fail('not_in_plan');
  }
  const type = parsed.getType();
  const { kind, sms } = kindOf(type);
  const warnings: PhoneWarning[] = [];
  if (kind === 'unknown') warnings.push('kind_unknown');
  if (type === 'PREMIUM_RATE') warnings.push('premium_rate');
  if (parsed.country !== 'SE') warnings.push('foreign');
  return {
    ok: true,
    e164: parsed.number,
    kind,
    voiceCapable: true,
    smsCapable: sms,
    country: parsed.country ?? `+${parsed.countryCallingCode}`,
    warnings,
  };
}

/** For search boxes: the E.164 form of what was typed, when it reads as a number at all. */
export function phoneQuery(text: string): string | null {
  const result = normalizePhone(text);
  return result.ok ? result.e164 : null;
}
