/**
 * Text as it should be spoken: numbers, times, dates, phone numbers and abbreviations written
 * out, so every engine (espeak-ng, Piper, Twilio's voices) reads an alert the same, correct way.
 * Rules run in order, most specific first: once a phone number or a date is words, the plain
 * number rules cannot misread it. Capitalised words (SMHI, RAKEL) are never touched.
 */
import type { Language } from '../contract';
import * as en from './english-numbers';
import { speakPhoneNumbers } from './phone-numbers';
import { cardinal, digits, MAX_CARDINAL, MONTHS, ordinal, year } from './swedish-numbers';

// Replacers get the groups, then the offset and the whole string, as String.replace passes them.
type Rule = [RegExp, (match: string, ...groups: string[]) => string];

// JavaScript's \b only knows ASCII letters: "på" would end between p and å. These know them all.
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const re = (source: string) => new RegExp(source, 'gu');

/** Keeps a sentence's capital: "T.ex." → "Till exempel". */
function sameCase(written: string, spoken: string): string {
  return /^\p{Lu}/u.test(written) ? spoken[0]!.toUpperCase() + spoken.slice(1) : spoken;
}

/** Line breaks become pauses; odd spaces become plain ones. */
function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .replace(/([^\s.!?:;,])[ ]*\r?\n\s*/g, '$1. ')
    .replace(/\s+/g, ' ')
    .trim();
}

const valid = (month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= 31;
const MONTH_NAMES = MONTHS.join('|');

function svTime(h: number, m: number): string {
  if (m === 0) return cardinal(h);
  // "fjorton noll fem" as a duty officer says it; "fjorton och fem" is easily misheard.
  return m < 10 ? `${cardinal(h)} noll ${cardinal(m)}` : `${cardinal(h)} och ${cardinal(m)}`;
}

const svDate = (day: number, month: number, y?: number) =>
  `den ${ordinal(day)} ${MONTHS[month - 1]}${y === undefined ? '' : ` ${year(y)}`}`;

/** Service numbers said as everyone says them, not as amounts. */
const SERVICE_NUMBERS: Rule = [
  re(`${B}(112|114 ?14|113 ?13|1177)${E}`),
  (n) => (n === '1177' ? 'elva sjuttiosju' : n.length === 3 ? digits(n) : `${digits(n.slice(0, 3))}, ${digits(n.slice(-2))}`),
];

const SV_DATES: Rule[] = [
  [
    re(`${B}([dD]en )?(\\d{4})-(\\d{2})-(\\d{2})(?![\\p{N}-])`),
    (m, _den, y, mo, d) => (valid(Number(mo), Number(d)) ? sameCase(m, svDate(Number(d), Number(mo), Number(y))) : m),
  ],
  [
    re(`${B}([dD]en )?(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}))?(?![\\p{N}/])`),
    (m, _den, d, mo, y) =>
      valid(Number(mo), Number(d)) ? sameCase(m, svDate(Number(d), Number(mo), y ? Number(y) : undefined)) : m,
  ],
  [
    re(`${B}([dD]en )?(\\d{1,2})(?::[ae])? (${MONTH_NAMES})${E}`),
    (m, _den, d, month) => (valid(1, Number(d)) ? sameCase(m, `den ${ordinal(Number(d))} ${month}`) : m),
  ],
];

const SV_TIMES: Rule[] = [
  [
    re(`${B}([kK]l\\.?|[kK]lockan) ?(\\d{1,2})(?:[.:](\\d{2}))?(?![\\p{N}]|[.:]\\d)`),
    (m, kl, h, min) =>
      Number(h) <= 24 && Number(min ?? 0) < 60 ? `${sameCase(kl, 'klockan')} ${svTime(Number(h), Number(min ?? 0))}` : m,
  ],
  // Without "kl.": Swedish writes decimals with a comma, so 14.30 and 14:30 are times.
  [
    re(`(?<![\\p{N}.,:])([01]?\\d|2[0-3])[.:]([0-5]\\d)(?!\\p{N}|[.:,]\\p{N})`),
    (_m, h, min) => svTime(Number(h), Number(min)),
  ],
];

/** [written forms, spoken]; a dot is optional where people often leave it out. */
const ABBREVIATIONS: [string, string][] = [
  ['t\\. ?ex\\.|t ex', 'till exempel'],
  ['bl\\. ?a\\.|bl a', 'bland annat'],
  ['c:a|ca\\.?', 'cirka'],
  ['nr\\.?', 'nummer'],
  ['m\\. ?m\\.', 'med mera'],
  ['m\\. ?fl\\.', 'med flera'],
  ['o\\. ?s\\. ?v\\.|osv\\.?', 'och så vidare'],
  ['d\\. ?v\\. ?s\\.|dvs\\.?', 'det vill säga'],
  ['p\\. ?g\\. ?a\\.|pga\\.?', 'på grund av'],
  ['fr\\. ?o\\. ?m\\.', 'från och med'],
  ['t\\. ?o\\. ?m\\.', 'till och med'],
  ['tel\\.?|tfn\\.?', 'telefon'],
  ['ev\\.', 'eventuellt'],
  ['kl\\.?', 'klockan'],
  ['st\\.', 'stycken'],
  ['ang\\.', 'angående'],
  ['enl\\.', 'enligt'],
  ['inkl\\.', 'inklusive'],
  ['resp\\.', 'respektive'],
  ['S:t', 'Sankt'],
];

const SV_ABBREVIATIONS: Rule[] = ABBREVIATIONS.map(([written, spoken]) => [
  new RegExp(`${B}(?:${written})(?![\\p{L}\\p{N}])`, 'giu'),
  (m: string, ...rest: unknown[]) => {
    const [offset, all] = rest.slice(-2) as [number, string];
    // Only the lowercase form or a sentence's capital: "CA" or "NR" is someone's acronym.
    if (m.slice(1) !== m.slice(1).toLowerCase()) return m;
    // An abbreviation's dot that also ended the sentence still ends it.
    const endsSentence = m.endsWith('.') && /^(\s+\p{Lu}|\s*$)/u.test(all.slice(offset + m.length));
    return sameCase(m, spoken) + (endsSentence ? '.' : '');
  },
]);

/** Words after "1" that take "en": the common-gender nouns alerts count. */
const EN_NOUNS = 'person|timme|minut|kilometer|meter|krona|grad|enhet|bil|brand|station|styrka|vecka|dag|gång';

/** Once dates and phone numbers are words, a dash between digits is a range or a sign. */
const SV_DASHES: Rule[] = [
  [/(\d)\s*[–-]\s*(?=\d)/g, (_m, d) => `${d} till `],
  [re(`(^|[\\s(])[-−](?=\\p{N})`), (_m, before) => `${before}minus `],
];

const SV_NUMBERS: Rule[] = [
  [re(`${B}(\\d{1,2}):([ae])${E}`), (m, n) => ordinal(Number(n)) ?? m],
  [/(\d) ?%/g, (_m, d) => `${d} procent`],
  [/(\d) ?°C?/g, (_m, d) => `${d} grader`],
  [re(`(\\d) (km|min|tim|kr|st)\\.?${E}`), (_m, d, unit) => `${d} ${{ km: 'kilometer', min: 'minuter', tim: 'timmar', kr: 'kronor', st: 'stycken' }[unit!]}`],
  // A postal code before its town, "123 45 Åby", is read in its two groups.
  [re(`(?<![\\p{N}])(\\d{3}) (\\d{2})(?= \\p{Lu})`), (_m, a, b) => `${digits(a!)}, ${digits(b!)}`],
  // Thousands written with spaces or dots: "12 500", "1.500".
  [re(`(?<![\\p{N}.,])\\d{1,3}(?:( |\\.)\\d{3})(?:\\1\\d{3})*(?![\\p{N}]|[.,]\\p{N})`), (m) => m.replace(/[ .]/g, '')],
  [re(`(?<![\\p{N},.])(\\d+),(\\d+)(?![\\p{N}]|,\\p{N})`), (_m, whole, frac) => `${whole} komma ${frac!.startsWith('0') ? digits(frac!) : frac}`],
  [re(`${B}1 (?=(?:${EN_NOUNS})${E})`), () => 'en '],
];

/** Every remaining digit run as words; codes with a leading zero and huge numbers digit by digit. */
function spellNumbers(text: string, words: (n: string) => string): string {
  return text.replace(/\d+/g, (n, offset: number, all: string) => {
    const spoken = words(n);
    // "12B" → "tolv B", "E4" → "E fyra".
    const before = /\p{L}/u.test(all[offset - 1] ?? '') ? ' ' : '';
    const after = /\p{L}/u.test(all[offset + n.length] ?? '') ? ' ' : '';
    return before + spoken + after;
  });
}

const svNumber = (n: string) => (n.length > 1 && n.startsWith('0')) || Number(n) > MAX_CARDINAL ? digits(n) : cardinal(Number(n));

const apply = (text: string, rules: Rule[]) => rules.reduce((t, [pattern, fn]) => t.replace(pattern, fn), text);

function swedish(text: string): string {
  let t = apply(text, SV_DATES);
  t = speakPhoneNumbers(t, digits, 'plus');
  t = apply(t, [...SV_DASHES, SERVICE_NUMBERS, ...SV_TIMES, ...SV_ABBREVIATIONS, ...SV_NUMBERS]);
  return spellNumbers(t, svNumber);
}

function enTime(h: number, m: number): string {
  if (m === 0) return `${en.below100(h)} o'clock`;
  return `${en.below100(h)} ${m < 10 ? `oh ${en.below100(m)}` : en.below100(m)}`;
}

/** A light pass: espeak-ng and Twilio read English numbers well; dates, times and phone numbers they do not. */
function english(text: string): string {
  let t = text.replace(re(`${B}(\\d{4})-(\\d{2})-(\\d{2})(?![\\p{N}-])`), (m, y: string, mo: string, d: string) =>
    valid(Number(mo), Number(d)) ? `${en.MONTHS[Number(mo) - 1]} ${en.ordinal(Number(d))}, ${en.year(Number(y))}` : m,
  );
  t = speakPhoneNumbers(t, en.digits, 'plus').replace(/(\d)\s*[–-]\s*(?=\d)/g, '$1 to ');
  return t.replace(re(`(?<![\\p{N}.,:])([01]?\\d|2[0-3])[.:]([0-5]\\d)(?!\\p{N}|[.:,]\\p{N})`), (_m, h: string, min: string) =>
    enTime(Number(h), Number(min)),
  );
}

export function normalizeForSpeech(text: string, language: Language): string {
  const t = tidy(text);
  return (language === 'sv' ? swedish(t) : english(t)).replace(/ {2,}/g, ' ').trim();
}
