/** The one entry point for an import file: bytes in, records (raw strings) out, or a refusal. */
import { stripBidiControls } from '../../contract/common';
import { readCsvTable } from './csv-read';
import { decodeBytes } from './decode';
import { assertNameColumn, detectMapping, recordsFromTable } from './header-mapping';
import { importError } from './import-error';
import type { ColumnMapping, ImportLimits, ReadFile } from './types';
import { readVcards } from './vcard-read';

export interface ReadImportOptions {
  fileName: string;
  limits: ImportLimits;
  /** The wizard's adjusted mapping; without it the mapping is detected from the headers. */
  mapping?: ColumnMapping[];
}

const VCARD_EXTENSIONS = new Set(['vcf', 'vcard']);
/** "" too: a file saved without an extension is judged by its content. */
const TEXT_EXTENSIONS = new Set(['csv', 'txt', 'tsv', 'tab', '']);
const SPREADSHEET_EXTENSIONS = new Set(['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'numbers']);

export function readImportFile(bytes: Uint8Array, opts: ReadImportOptions): ReadFile {
  const { limits } = opts;
  if (bytes.length > limits.maxBytes) {
    throw importError(
      'import.too_large',
      `The file is ${bytes.length} bytes; one import may be at most ${limits.maxBytes} bytes.`,
      { size: bytes.length, limit: limits.maxBytes },
    );
  }
  const extension = extensionOf(opts.fileName);
  if (SPREADSHEET_EXTENSIONS.has(extension)) throw notAContactFile(opts.fileName, extension, 'spreadsheet');
  if (bytes.length === 0) throw importError('import.empty', 'The file is empty.');

  // Bidi override characters in a name would make it read as someone else's: never stored.
  const { text: decoded, encoding } = decodeBytes(bytes);
  const text = stripBidiControls(decoded);
  if (text.trim() === '') throw importError('import.empty', 'The file is empty.');

  if (VCARD_EXTENSIONS.has(extension) || /^\s*BEGIN:VCARD/i.test(text.slice(0, 4096))) {
    return { format: 'vcard', encoding, records: readVcards(text, limits) };
  }
  if (!TEXT_EXTENSIONS.has(extension)) throw notAContactFile(opts.fileName, extension, 'other');

  const table = readCsvTable(text, limits);
  const mapping = opts.mapping ?? detectMapping(table.headers);
  // An adjusted mapping without names is the operator's choice: each row then reports it.
  if (!opts.mapping) assertNameColumn(mapping, table.headers);
  return {
    format: 'csv',
    encoding,
    delimiter: table.delimiter,
    headers: table.headers,
    mapping,
    records: recordsFromTable(table.headers, table.rows, mapping),
  };
}

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function notAContactFile(fileName: string, extension: string, kind: 'spreadsheet' | 'other') {
  const advice =
    kind === 'spreadsheet'
      ? 'Open it in Excel and save it as "CSV UTF-8 (kommaavgränsad)", then import that file.'
      : 'GDial imports CSV (.csv, .txt) and vCard (.vcf) files.';
  return importError('import.unknown_format', `"${fileName}" is not a CSV or vCard file. ${advice}`, {
    extension,
    kind,
  });
}
