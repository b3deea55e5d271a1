/** CSV text to a header and rows of raw cells, each row with the line it starts on. */
import { CsvError, parse } from 'csv-parse/sync';
import { type Delimiter, detectLayout, enforceLimits } from './csv-scan';
import { unguardCell } from './formula-guard';
import { importError } from './import-error';
import type { ImportLimits } from './types';

export interface TableRow {
  /** 1-based line the row starts on (a quoted cell may carry it over several lines). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  delimiter: Delimiter;
  headers: string[];
  headerLine: number;
  rows: TableRow[];
}

export function readCsvTable(text: string, limits: ImportLimits): CsvTable {
  if (text.trim() === '') throw importError('import.empty', 'The file is empty.');
  const layout = detectLayout(text);
  // Blank lines before the header count toward the row limit as well (see enforceLimits).
  if (layout.headerLine - 1 > limits.maxRows) {
    throw importError(
      'import.too_many_rows',
      `The file has more than ${limits.maxRows} rows, the most one import may hold. Split it into smaller files.`,
      { limit: limits.maxRows, line: layout.headerLine },
    );
  }
  enforceLimits(text, layout, limits);

  // One line ending for the parser: Excel for Mac ends lines with a lone CR, and csv-parse's
  // own line count takes a CRLF inside a quoted cell for two lines.
  const body = text.slice(layout.headerOffset).replace(/\r\n?/g, '\n');
  let parsed: string[][];
  try {
    parsed = parse(body, {
      delimiter: layout.delimiter,
      record_delimiter: '\n',
      relax_quotes: true,
      relax_column_count: true,
      max_record_size: limits.maxLineBytes,
    });
  } catch (error) {
    throw csvError(error, limits);
  }

  // Line numbers without csv-parse's per-record info objects (a third of its time on a large
  // file): a record spans one line plus one per line break inside its quoted cells, and a blank
  // line comes back as a record of one empty cell.
  const records: TableRow[] = [];
  let line = layout.headerLine;
  for (const record of parsed) {
    const start = line;
    line++;
    let blank = true;
    for (const cell of record) {
      if (blank && cell.trim() !== '') blank = false;
      for (let at = cell.indexOf('\n'); at >= 0; at = cell.indexOf('\n', at + 1)) line++;
    }
    // Blank rows (Excel writes `;;;` for them) are neither data nor errors.
    if (!blank) records.push({ line: start, cells: record.map(unguardCell) });
  }

  const [header, ...rows] = records;
  if (!header) throw importError('import.empty', 'The file is empty.');
  if (rows.length === 0) {
    throw importError('import.empty', 'The file has a header line but no contacts.', { line: header.line });
  }
  // enforceLimits counted the same records; this only guards against the two ever disagreeing.
  if (rows.length > limits.maxRows) {
    throw importError(
      'import.too_many_rows',
      `The file has more than ${limits.maxRows} rows, the most one import may hold. Split it into smaller files.`,
      { limit: limits.maxRows },
    );
  }
  return {
    delimiter: layout.delimiter,
    headers: header.cells.map((cell) => cell.trim()),
    headerLine: header.line,
    rows,
  };
}

function csvError(error: unknown, limits: ImportLimits) {
  if (!(error instanceof CsvError)) return error;
  // enforceLimits has measured every record and closed every quote by now, so this is a
  // disagreement between the scan and the parser: report it without guessing a line.
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return importError('import.line_too_long', `A line is longer than ${limits.maxLineBytes} bytes.`, {
      limit: limits.maxLineBytes,
    });
  }
  return importError('import.csv_syntax', `The CSV file cannot be read: ${error.message}`, { reason: error.code });
}
