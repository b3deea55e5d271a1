/** vCard text (2.1, 3.0, 4.0; one or many cards) to import records. */
import { importError } from './import-error';
import { isUndialable, parseLanguage, phoneLabel } from './labels';
import type { ImportLimits, ImportRecord, PhoneEntry } from './types';
import { contentLines, parseProperty, propertyName, splitEscaped, unescapeText, type VcardProperty } from './vcard-lines';

interface Card {
  line: number;
  props: VcardProperty[];
}

export function readVcards(text: string, limits: ImportLimits): ImportRecord[] {
  // Both checks run before any parsing, so a huge file is refused in one quick pass.
  refuseTooManyCards(text, limits.maxRows);
  refuseLongLines(text, limits.maxLineBytes, limits.maxRows);

  // Each card becomes a record as soon as it ends: holding every card's properties until the
  // end of a 100,000-card file costs more in garbage collection than the parsing itself.
  const records: ImportRecord[] = [];
  let card: Card | null = null;
  let nested = 0;
  for (const { line, text: logical } of contentLines(text)) {
    const name = propertyName(logical);
    if (!WANTED.has(name)) continue;
    const prop = parseProperty(line, logical);
    if (!prop) continue;
    const isCard = prop.value.trim().toUpperCase() === 'VCARD';
    if (name === 'BEGIN' && isCard) {
      // 2.1 AGENT may embed a whole card; it is not a contact of its own.
      if (card) nested++;
      else card = { line, props: [] };
    } else if (name === 'END' && isCard) {
      if (nested > 0) nested--;
      else if (card) {
        records.push(toRecord(card));
        card = null;
      }
    } else if (card && nested === 0) card.props.push(prop);
  }
  // A last card without END:VCARD (a truncated file) still holds a person.
  if (card) records.push(toRecord(card));
  if (records.length === 0) throw importError('import.empty', 'The file holds no vCards (no BEGIN:VCARD line).');
  return records;
}

/** Photos, addresses and the like are skipped before their parameters are even parsed. */
const WANTED = new Set(
  ['BEGIN', 'END', 'FN', 'N', 'ORG', 'TITLE', 'EMAIL', 'NOTE', 'CATEGORIES', 'TEL', 'LANG'].concat(
    ['X-ABLABEL', 'X-GDIAL-GROUPS', 'X-GDIAL-LANGUAGE'],
  ),
);

function refuseTooManyCards(text: string, maxRows: number): void {
  // Not indented: an indented line is a folded continuation, whatever it says.
  const begin = /^BEGIN:VCARD[ \t]*$/gim;
  let count = 0;
  while (begin.exec(text)) {
    if (++count > maxRows) {
      throw importError(
        'import.too_many_rows',
        `The file has more than ${maxRows} contacts, the most one import may hold. Split it into smaller files.`,
        { limit: maxRows },
      );
    }
  }
}

/**
 * Also counts blank lines against the row limit: some programs put one between cards, but a
 * file of millions of them is a flood that would keep the parser busy for seconds, and is
 * refused like a file of too many cards.
 */
function refuseLongLines(text: string, maxBytes: number, maxRows: number): void {
  let line = 1;
  let blank = 0;
  for (let start = 0; start <= text.length; line++) {
    const found = text.indexOf('\n', start);
    const end = found < 0 ? text.length : found;
    const chars = end - start;
    if (chars < 8 && text.slice(start, end).trim() === '' && end < text.length && ++blank > maxRows) {
      throw importError(
        'import.too_many_rows',
        `The file has more than ${maxRows} blank lines, the most rows one import may hold. Split it into smaller files.`,
        { limit: maxRows, line },
      );
    }
    if (chars * 3 > maxBytes && (chars > maxBytes || Buffer.byteLength(text.slice(start, end)) > maxBytes)) {
      throw importError('import.line_too_long', `Line ${line} is longer than ${maxBytes} bytes.`, {
        line,
        limit: maxBytes,
      });
    }
    if (found < 0) break;
    start = found + 1;
  }
}

/** 4.0 PREF=1 (lower is more preferred) and 3.0 TYPE=pref; the rest keep file order after. */
function prefRank(prop: VcardProperty): number {
  const pref = Number(prop.params.get('PREF'));
  if (Number.isFinite(pref) && pref > 0) return pref;
  return prop.types.has('pref') ? 1 : Number.POSITIVE_INFINITY;
}

function byPref(props: VcardProperty[]): VcardProperty[] {
  return props.map((p, i) => ({ p, i })).sort((a, b) => prefRank(a.p) - prefRank(b.p) || a.i - b.i).map((x) => x.p);
}

function toRecord(card: Card): ImportRecord {
  const byName = new Map<string, VcardProperty[]>();
  for (const prop of card.props) {
    const list = byName.get(prop.name);
    if (list) list.push(prop);
    else byName.set(prop.name, [prop]);
  }
  const all = (name: string) => byName.get(name) ?? [];
  const text = (name: string) => {
    const prop = byPref(all(name))[0];
    return prop ? unescapeText(prop.value).trim() : '';
  };
  const list = (name: string) => {
    const out: string[] = [];
    for (const prop of all(name)) {
      for (const item of splitEscaped(prop.value, ',').map((s) => s.trim())) {
        if (item !== '' && !out.includes(item)) out.push(item);
      }
    }
    return out;
  };

  const record: ImportRecord = {
    line: card.line,
    name: text('FN') || nameFromN(all('N')[0]),
    // ORG is "organisation;unit;unit": keep the whole path, it is how people tell units apart.
    organisation: splitEscaped(all('ORG')[0]?.value ?? '', ';')
      .map((s) => s.trim())
      .filter(Boolean)
      .join(', '),
    title: text('TITLE'),
    email: text('EMAIL'),
    notes: text('NOTE'),
    tags: list('CATEGORIES'),
    groups: list('X-GDIAL-GROUPS'),
    phones: [],
  };
  const language = parseLanguage(text('LANG') || text('X-GDIAL-LANGUAGE'));
  if (language) record.language = language;

  const labels = new Map(all('X-ABLABEL').map((p) => [p.group, phoneLabel(unescapeText(p.value))]));
  const ignored: PhoneEntry[] = [];
  for (const tel of byPref(all('TEL'))) {
    const raw = unescapeText(tel.value).trim().replace(/^tel:/i, '');
    if (raw === '') continue;
    const label = (tel.group && labels.get(tel.group)) || labelFromTypes(tel.types);
    (isUndialable(label) ? ignored : record.phones).push({ raw, label });
  }
  if (ignored.length > 0) record.ignoredPhones = ignored;
  return record;
}

function nameFromN(prop: VcardProperty | undefined): string {
  if (!prop) return '';
  const [family = '', given = '', additional = ''] = splitEscaped(prop.value, ';').map((s) => s.trim());
  return [given, additional, family].filter(Boolean).join(' ');
}

/** Fax and pager first: a "work,fax" number is a fax, whatever else it is. */
function labelFromTypes(types: Set<string>): string {
  for (const [type, label] of [
    ['fax', 'fax'],
    ['pager', 'personsökare'],
    ['cell', 'mobil'],
    ['iphone', 'mobil'],
    ['work', 'arbete'],
    ['home', 'hem'],
    ['main', 'huvudnummer'],
    ['other', 'annan'],
  ] as const) {
    if (types.has(type)) return label;
  }
  return '';
}
