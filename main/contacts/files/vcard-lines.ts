/**
 * vCard content lines (2.1, 3.0, 4.0): unfolding, parameters, quoted-printable, escapes.
 * Old phones still write 2.1-style `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=85sa` in 3.0
 * files, with bare parameters (`TEL;CELL;PREF:`) and soft line breaks, so all of it is read.
 */
import { decodeWindows1252 } from './decode';

export interface VcardProperty {
  /** 1-based physical line the property starts on. */
  line: number;
  /** Apple groups a TEL with its label: `item1.TEL` + `item1.X-ABLabel`. Lower case. */
  group: string;
  /** Upper case, e.g. TEL, FN, X-GDIAL-GROUPS. */
  name: string;
  /** Lower case TYPE values and bare parameters: cell, work, pref, voice, … */
  types: Set<string>;
  /** Upper-case parameter names → raw values (quotes removed). */
  params: Map<string, string>;
  /** The value with quoted-printable already decoded, escapes still in place. */
  value: string;
}

/** Joins folded lines and quoted-printable soft breaks into logical lines. */
export function* contentLines(text: string): Generator<{ line: number; text: string }> {
  const lines = text.split(/\r\n|\r|\n/);
  let current: { line: number; text: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const physical = lines[i] ?? '';
    if (current && (physical.startsWith(' ') || physical.startsWith('\t'))) {
      current.text += physical.slice(1);
      continue;
    }
    if (current && current.text.endsWith('=') && isQuotedPrintable(current.text)) {
      // A soft line break: the "=" at the end of a quoted-printable line means "continues".
      current.text = current.text.slice(0, -1) + physical;
      continue;
    }
    if (current) yield current;
    current = physical.trim() === '' ? null : { line: i + 1, text: physical };
  }
  if (current) yield current;
}

function isQuotedPrintable(logical: string): boolean {
  const colon = valueColon(logical);
  return colon > 0 && /QUOTED-PRINTABLE/i.test(logical.slice(0, colon));
}

/** The colon that ends the name and parameters: not one inside a quoted parameter value. */
function valueColon(logical: string): number {
  let inQuotes = false;
  for (let i = 0; i < logical.length; i++) {
    const c = logical[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ':' && !inQuotes) return i;
  }
  return -1;
}

/** The upper-case property name without its group: cheap, for skipping what we do not read. */
export function propertyName(logical: string): string {
  const end = logical.search(/[;:]/);
  const head = end < 0 ? logical : logical.slice(0, end);
  return head.slice(head.lastIndexOf('.') + 1).trim().toUpperCase();
}

export function parseProperty(line: number, logical: string): VcardProperty | null {
  const colon = valueColon(logical);
  if (colon < 0) return null;
  const [head = '', ...paramParts] = splitOutsideQuotes(logical.slice(0, colon), ';');
  const dot = head.lastIndexOf('.');
  const property: VcardProperty = {
    line,
    group: dot >= 0 ? head.slice(0, dot).toLowerCase() : '',
    name: head.slice(dot + 1).trim().toUpperCase(),
    types: new Set(),
    params: new Map(),
    value: logical.slice(colon + 1),
  };
  for (const part of paramParts) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? 'TYPE' : part.slice(0, eq)).trim().toUpperCase();
    const raw = eq < 0 ? part : part.slice(eq + 1);
    // 4.0 quotes a list as a whole: TYPE="cell,voice".
    for (const value of raw.trim().replace(/^"|"$/g, '').split(',')) {
      const clean = value.trim();
      if (key === 'TYPE') property.types.add(clean.toLowerCase());
      // 2.1 may name the encoding as a bare parameter: `NOTE;QUOTED-PRINTABLE:…`.
      if (key === 'TYPE' && /^quoted-printable$/i.test(clean)) property.params.set('ENCODING', clean);
    }
    if (key !== 'TYPE') property.params.set(key, raw.trim().replace(/^"|"$/g, ''));
  }
  if (/^quoted-printable$/i.test(property.params.get('ENCODING') ?? '')) {
    property.value = decodeQuotedPrintable(property.value, property.params.get('CHARSET') ?? 'utf-8');
  }
  return property;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === separator && !inQuotes) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < value.length; i++) {
    const c = value.codePointAt(i) ?? 0;
    const hex = value.slice(i + 1, i + 3);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else {
      // Not valid quoted-printable, but phones do leave raw text in it: keep it as UTF-8.
      bytes.push(...encoder.encode(String.fromCodePoint(c)));
      if (c > 0xffff) i++;
    }
  }
  const data = Uint8Array.from(bytes);
  if (/^(iso-8859-1|latin1|windows-1252|cp1252)$/i.test(charset)) return decodeWindows1252(data);
  try {
    return new TextDecoder(charset).decode(data);
  } catch {
    return new TextDecoder('utf-8').decode(data);
  }
}

/** Splits a structured (`;`) or list (`,`) value on unescaped separators, then unescapes. */
export function splitEscaped(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (c === separator) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map(unescapeText);
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN:])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
