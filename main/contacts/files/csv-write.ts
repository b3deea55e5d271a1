/** CSV for Excel: UTF-8 with BOM, CRLF, RFC 4180 quoting, formula guard; the contact book and every other table. */
import { guardCell } from './formula-guard';
import type { ExportContact } from './types';

export interface CsvWriteOptions {
  /** `;` for Swedish Excel, which reads `,` files as one column. */
  delimiter: ',' | ';';
}

const FIXED_HEADERS = ['Namn', 'Organisation', 'Titel', 'E-post', 'Språk', 'Taggar', 'Grupper', 'Anteckningar'];
/** Spaces around the bar keep the cell readable; the reader splits on "|" before "," or ";". */
const LIST_SEPARATOR = ' | ';

/**
 * The reader splits on the strongest separator present, so a lone value holding a comma or
 * semicolon ("Ledning, Syd") gets a trailing separator to keep it whole; empties are dropped.
 */
function joinList(values: string[]): string {
  const text = values.join(LIST_SEPARATOR);
  return values.length === 1 && /[,;]/.test(values[0]!) ? `${text}${LIST_SEPARATOR.trimEnd()}` : text;
}

export function writeContactsCsv(contacts: ExportContact[], opts: CsvWriteOptions): string {
  // As many Telefon/Typ pairs as the contact with the most numbers, at least one so the
  // layout is the same for an empty book.
  const pairs = contacts.reduce((most, c) => Math.max(most, c.phones.length), 1);
  const headers = [...FIXED_HEADERS];
  for (let i = 1; i <= pairs; i++) headers.push(`Telefon ${i}`, `Typ ${i}`);

  const out: string[][] = [headers];
  for (const c of contacts) {
    const cells = [
      c.name,
      c.organisation,
      c.title,
      c.email,
      c.language,
      joinList(c.tags),
      joinList(c.groups),
      c.notes,
    ];
    for (let i = 0; i < pairs; i++) {
      const phone = c.phones[i];
      cells.push(phone?.e164 ?? '', phone?.label ?? '');
    }
    out.push(cells);
  }
  return csvDocument(out, opts);
}

/** A cell of a CSV table: text (formula-guarded) or a number (written as a number, never guarded). */
export type CsvCell = string | number;

export interface CsvDocumentOptions extends CsvWriteOptions {
  /** Numbers with a decimal comma ("12,5"), as Swedish Excel reads them; the `;` variant uses it. */
  decimalComma?: boolean;
}

/**
 * Every CSV GDial writes (contacts, reports, logs, audit trail) goes through here: UTF-8 with a
 * BOM, CRLF, RFC 4180 quoting and the formula guard on text. A negative number is not a formula.
 */
export function csvDocument(rows: CsvCell[][], opts: CsvDocumentOptions): string {
  const cell = (c: CsvCell) => (typeof c === 'number' ? (opts.decimalComma ? String(c).replace('.', ',') : String(c)) : guardCell(c));
  const lines = rows.map((row) => row.map((c) => quote(cell(c), opts.delimiter)).join(opts.delimiter));
  // The BOM is what makes Excel on Windows read the file as UTF-8 instead of Windows-1252.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function quote(cell: string, delimiter: string): string {
  if (cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r')) {
    return `"${cell.replaceAll('"', '""')}"`;
  }
  return cell;
}
