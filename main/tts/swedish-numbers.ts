/**
 * Swedish number words as they are read aloud. Below a thousand a number is one word, as it is
 * written ("fyrtiofem", "trehundra"); hundreds, thousands and millions are set apart by spaces
 * ("tvåtusen trehundra fyrtiofem") because speech engines stress and split long compounds
 * badly, and Språkrådet accepts the spaces in long numbers. Counting uses "ett".
 */
const ONES = [
  'noll', 'ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio',
  'tio', 'elva', 'tolv', 'tretton', 'fjorton', 'femton', 'sexton', 'sjutton', 'arton', 'nitton',
];
const TENS = ['', '', 'tjugo', 'trettio', 'fyrtio', 'femtio', 'sextio', 'sjuttio', 'åttio', 'nittio'];
const ORDINALS = [
  '', 'första', 'andra', 'tredje', 'fjärde', 'femte', 'sjätte', 'sjunde', 'åttonde', 'nionde',
  'tionde', 'elfte', 'tolfte', 'trettonde', 'fjortonde', 'femtonde', 'sextonde', 'sjuttonde', 'artonde', 'nittonde',
];

export const MONTHS = [
  'januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december',
];

/** The largest number `cardinal` writes out; longer ones are read digit by digit. */
export const MAX_CARDINAL = 999_999_999;

function below100(n: number): string {
  if (n < 20) return ONES[n]!;
  const unit = n % 10;
  return TENS[Math.floor(n / 10)]! + (unit ? ONES[unit]! : '');
}

/** "hundra" opens a number ("hundra personer"); inside one it is "etthundra" ("tusen etthundra"). */
function below1000(n: number, leading: boolean): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (hundreds) parts.push(hundreds === 1 && leading ? 'hundra' : `${ONES[hundreds]}hundra`);
  if (rest || !hundreds) parts.push(below100(rest));
  return parts.join(' ');
}

function thousandsWord(n: number, leading: boolean): string {
  if (n === 1) return leading ? 'tusen' : 'ettusen';
  const words = below1000(n, leading);
  // "tjugoett" + "tusen" is written "tjugoettusen": three t's become two.
  return words.endsWith('ett') ? `${words}usen` : `${words}tusen`;
}

export function cardinal(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_CARDINAL) throw new RangeError(`no Swedish words for ${n}`);
  if (n === 0) return 'noll';
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor(n / 1000) % 1000;
  const rest = n % 1000;
  const parts: string[] = [];
  // "miljon" is a common-gender noun: "en miljon", "tjugoen miljoner".
  if (millions) parts.push(millions === 1 ? 'en miljon' : `${below1000(millions, true).replace(/ett$/, 'en')} miljoner`);
  if (thousands) parts.push(thousandsWord(thousands, parts.length === 0));
  if (rest) parts.push(below1000(rest, parts.length === 0));
  return parts.join(' ');
}

/** "första" … "nittionionde"; null outside 1–99. */
export function ordinal(n: number): string | null {
  if (!Number.isInteger(n) || n < 1 || n > 99) return null;
  if (n < 20) return ORDINALS[n]!;
  const unit = n % 10;
  const tens = TENS[Math.floor(n / 10)]!;
  return unit ? tens + ORDINALS[unit]! : `${tens}nde`;
}

/** Years as they are said: "nittonhundrasextiofem", "tvåtusenfem", "tjugohundratjugosex". */
export function year(n: number): string {
  if (n >= 2000 && n < 2010) return `tvåtusen${n > 2000 ? ONES[n - 2000] : ''}`;
  if (n < 1100 || n > 2999) return cardinal(n);
  const rest = n % 100;
  return `${below100(Math.floor(n / 100))}hundra${rest ? below100(rest) : ''}`;
}

/** Digit by digit: "070" → "noll sju noll". */
export function digits(s: string): string {
  return [...s].map((d) => ONES[Number(d)]).join(' ');
}
