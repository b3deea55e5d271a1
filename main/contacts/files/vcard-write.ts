/** The contact book as vCard 3.0: the version every phone, Outlook and Google still import. */
import type { ExportContact } from './types';

const MAX_OCTETS = 75;

export function writeVcards(contacts: ExportContact[]): string {
  const lines: string[] = [];
  for (const c of contacts) {
    lines.push('BEGIN:VCARD', 'VERSION:3.0');
    // 3.0 requires N; we only hold the full name, so the last word is the best family name.
    const words = c.name.trim().split(/\s+/).filter(Boolean);
    const family = words.at(-1) ?? '';
    const given = words.slice(0, -1).join(' ');
    lines.push(`N:${escapeText(family)};${escapeText(given)};;;`, `FN:${escapeText(c.name)}`);
    if (c.organisation) lines.push(`ORG:${escapeText(c.organisation)}`);
    if (c.title) lines.push(`TITLE:${escapeText(c.title)}`);
    if (c.email) lines.push(`EMAIL;TYPE=INTERNET:${escapeText(c.email)}`);
    c.phones.forEach((phone, i) => lines.push(...telLines(phone, i)));
    if (c.notes) lines.push(`NOTE:${escapeText(c.notes)}`);
    if (c.tags.length > 0) lines.push(`CATEGORIES:${c.tags.map(escapeText).join(',')}`);
    // Our own properties: other programs ignore X- properties, GDial reads them back.
    if (c.groups.length > 0) lines.push(`X-GDIAL-GROUPS:${c.groups.map(escapeText).join(',')}`);
    lines.push(`X-GDIAL-LANGUAGE:${c.language}`, 'END:VCARD');
  }
  return lines.map(fold).join('\r\n') + (lines.length > 0 ? '\r\n' : '');
}

/** What a reader derives from TYPE alone; anything else is carried in an Apple-style label. */
const LABEL_OF_TYPE: Record<string, string> = { CELL: 'mobil', WORK: 'arbete', HOME: 'hem' };

function telLines(phone: ExportContact['phones'][number], index: number): string[] {
  const types = [phone.kind === 'mobile' ? 'CELL' : 'VOICE'];
  if (phone.label === 'arbete') types.push('WORK');
  if (phone.label === 'hem') types.push('HOME');
  // Numbers are in priority order; pref marks the one to try first.
  if (index === 0) types.push('pref');
  const derived = types.map((t) => LABEL_OF_TYPE[t]).find(Boolean) ?? '';
  const tel = `TEL;TYPE=${types.join(',')}:${escapeText(phone.e164)}`;
  if (phone.label === '' || phone.label === derived) return [tel];
  const group = `item${index + 1}`;
  return [`${group}.${tel}`, `${group}.X-ABLabel:${escapeText(phone.label)}`];
}

function escapeText(value: string): string {
  return value.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds at 75 octets (RFC 2426 §2.6), never inside a UTF-8 sequence. */
function fold(line: string): string {
  // A character is at most 3 octets in the BMP: short lines need no measuring.
  if (line.length * 3 <= MAX_OCTETS || Buffer.byteLength(line) <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // Continuation lines start with a space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
