/**
 * One cheap pass over CSV text before the real parse: where the header is, which delimiter,
 * and whether any limit is broken. A 1,000,000-row file or a 10 MB line is refused here, in
 * a tight loop that stops at the first broken limit, before csv-parse builds a single array.
 */
import { importError } from './import-error';
import type { ImportLimits } from './types';

export type Delimiter = ',' | ';' | '\t';

export interface CsvLayout {
  delimiter: Delimiter;
  /** Offset and 1-based line of the header record (blank lines and a `sep=` line skipped). */
  headerOffset: number;
  headerLine: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

export function detectLayout(text: string): CsvLayout {
  let offset = 0;
  let line = 1;
  let hinted: Delimiter | undefined;
  for (;;) {
    const end = lineEnd(text, offset);
    const content = text.slice(offset, end);
    // Excel writes and honours a first line `sep=;` that names the delimiter.
    const sep = hinted === undefined ? /^\s*"?sep=(.)"?\s*$/i.exec(content)?.[1] : undefined;
    const isHint = sep !== undefined && isDelimiter(sep);
    if (isHint) hinted = sep;
    if ((content.trim() !== '' && !isHint) || end >= text.length) break;
    offset = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1);
    line++;
  }
  return { delimiter: hinted ?? delimiterOfHeader(text, offset), headerOffset: offset, headerLine: line };
}

function isDelimiter(c: string): c is Delimiter {
  return c === ',' || c === ';' || c === '\t';
}

/** Where the line starting at `from` ends: LF, CRLF, or the lone CR of Excel for Mac. */
function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return text.length;
}

/**
 * The delimiter is the candidate that occurs most often outside quotes on the header line.
 * Ties go to `;` (Swedish Excel), then tab, then `,`; a one-column header defaults to `,`.
 */
function delimiterOfHeader(text: string, from: number): Delimiter {
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let inQuotes = false;
  // A header is never this long; a longer first line is refused by enforceLimits anyway.
  const end = Math.min(text.length, from + 64 * 1024);
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && (c === ';' || c === '\t' || c === ',')) counts[c]++;
  }
  let best: Delimiter = ',';
  for (const d of [';', '\t', ','] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

/**
 * Counts data records (records after the header holding anything but delimiters, blanks and
 * quotes) and measures every record, with the same quoting rules as csv-parse's
 * `relax_quotes`: a quote opens a quoted field only at the start of a field.
 * Blank records (empty lines, Excel's `;;;`) count toward the row limit too: they import
 * nothing, but a file of millions of them costs the parser as much as real rows, so a flood of
 * them is refused here like any other oversized file. Returns the number of data records.
 */
export function enforceLimits(text: string, layout: CsvLayout, limits: ImportLimits): number {
  const delim = layout.delimiter.charCodeAt(0);
  let line = layout.headerLine;
  let recordLine = line;
  let recordStart = layout.headerOffset;
  let records = 0;
  /** Every record after the header, blank or not: what the row limit counts. */
  let counted = 0;
  let hasContent = false;
  let fieldStart = true;
  let inQuotes = false;
  let quoteLine = line;
  const n = text.length;

  const endRecord = (end: number) => {
    checkSize(text, recordStart, end, recordLine, limits.maxLineBytes);
    // The first record with content is the header, not a data row; the empty rest after a
    // final line break is no record at all.
    if (records > 0 && (hasContent || end > recordStart || end < n)) counted++;
    if (hasContent) records++;
    if (counted > limits.maxRows) {
      throw importError(
        'import.too_many_rows',
        `The file has more than ${limits.maxRows} rows, the most one import may hold. Split it into smaller files.`,
        { limit: limits.maxRows, line: recordLine },
      );
    }
  };

  for (let i = layout.headerOffset; i < n; i++) {
    // Characters are a lower bound of bytes: a 10 MB line is refused at its 64 KiB mark, and
    // so is a quote that never closes; the exact byte count waits for the end of the record.
    if (i - recordStart > limits.maxLineBytes) tooLong(recordLine, limits.maxLineBytes);
    const c = text.charCodeAt(i);
    // CRLF counts at its LF; a lone CR (Excel for Mac) is a line break of its own.
    const isBreak = c === LF || (c === CR && text.charCodeAt(i + 1) !== LF);
    if (inQuotes) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) {
          hasContent = true;
          i++;
        } else inQuotes = false;
      } else if (isBreak) {
        line++;
      } else if (c !== SPACE && c !== TAB && c !== CR) hasContent = true;
      continue;
    }
    if (isBreak) {
      endRecord(i);
      line++;
      recordLine = line;
      recordStart = i + 1;
      hasContent = false;
      fieldStart = true;
    } else if (c === delim) {
      fieldStart = true;
    } else if (c === QUOTE && fieldStart) {
      inQuotes = true;
      quoteLine = line;
      fieldStart = false;
    } else {
      fieldStart = false;
      if (c !== SPACE && c !== TAB && c !== CR && c !== QUOTE) hasContent = true;
    }
  }
  if (inQuotes) {
    throw importError('import.csv_syntax', `A quote opened on line ${quoteLine} is never closed.`, {
      line: quoteLine,
    });
  }
  endRecord(n);
  return Math.max(0, records - 1);
}

/** Sizes are in UTF-8 bytes; characters are a lower bound, so most records need no encoding. */
function checkSize(text: string, start: number, end: number, line: number, maxBytes: number): void {
  const chars = end - start;
  if (chars * 3 <= maxBytes) return;
  if (chars > maxBytes || Buffer.byteLength(text.slice(start, end), 'utf8') > maxBytes) tooLong(line, maxBytes);
}

function tooLong(line: number, maxBytes: number): never {
  throw importError(
    'import.line_too_long',
    `Line ${line} is longer than ${maxBytes} bytes: this is not a contact list, or a quote is missing.`,
    { line, limit: maxBytes },
  );
}
