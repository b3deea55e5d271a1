/** Small text helpers shared by the CSV and vCard readers: header keys, phone labels, lists. */

/** Case-, diacritic- and punctuation-insensitive key: "E-postadress" → "e postadress". */
export function normalizeKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Phone labels in the book are Swedish; files bring English, vCard TYPEs and Apple's wrappers. */
const LABELS: Record<string, string> = {
  mobil: 'mobil',
  mobile: 'mobil',
  cell: 'mobil',
  iphone: 'mobil',
  mobiltelefon: 'mobil',
  arbete: 'arbete',
  work: 'arbete',
  business: 'arbete',
  jobb: 'arbete',
  hem: 'hem',
  home: 'hem',
  annan: 'annan',
  other: 'annan',
  main: 'huvudnummer',
  huvudnummer: 'huvudnummer',
  vaxel: 'växel',
};

export const FAX_LABEL = 'fax';
export const PAGER_LABEL = 'personsökare';

export function phoneLabel(raw: string): string {
  // Google marks the primary value with "* ", Apple wraps its built-in labels as _$!<Mobile>!$_.
  const text = raw
    .trim()
    .replace(/^\*\s*/, '')
    .replace(/^_\$!<(.*)>!\$_$/, '$1')
    .trim();
  const key = normalizeKey(text);
  if (key === '') return '';
  const known = LABELS[key];
  if (known) return known;
  if (/\bfax\b/.test(key)) return FAX_LABEL;
  if (/\b(pager|personsokare)\b/.test(key)) return PAGER_LABEL;
  return text;
}

/** Numbers no call or SMS can reach: imported apart, never as a recipient's number. */
export function isUndialable(label: string): boolean {
  return label === FAX_LABEL || label === PAGER_LABEL;
}

/**
 * Splits a tags or groups cell. The strongest separator present wins (" ::: " from Google,
 * then "|" from our own export, then ";", then ","), so a group named "Brand, Syd" survives our
 * own export ("Brand, Syd | Ledning") while plain "a, b" and "a;b" lists still split.
 * Google's system groups ("* myContacts", "* starred") are not groups of ours and are dropped.
 */
export function splitList(cell: string): string[] {
  const separator = [/\s*:::\s*/, '|', ';', ','].find((sep) =>
    typeof sep === 'string' ? cell.includes(sep) : sep.test(cell),
  );
  const parts = separator === undefined ? [cell] : cell.split(separator);
  const out: string[] = [];
  for (const part of parts) {
    const item = part.trim();
    if (item !== '' && !item.startsWith('* ') && !out.includes(item)) out.push(item);
  }
  return out;
}

export function parseLanguage(raw: string): 'sv' | 'en' | undefined {
  const key = normalizeKey(raw);
  if (/^(sv|se|svenska|swedish)( [a-z]+)?$/.test(key)) return 'sv';
  if (/^(en|engelska|english)( [a-z]+)?$/.test(key)) return 'en';
  return undefined;
}
