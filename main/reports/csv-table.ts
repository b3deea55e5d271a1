/**
 * Report tables as CSV in the contacts export's format: UTF-8 with BOM, CRLF, RFC 4180 quoting
 * and the same formula guard (contacts/files/formula-guard). contacts/files/csv-write.ts keeps its
 * quoting private and writes only contact rows, so this is its table-shaped twin; once that
 * module exports a generic table writer, this file should become a call to it.
 */
import { guardCell } from '../contacts/files/formula-guard';

export type Cell = string | number | boolean | null | undefined;

const DELIMITER = ',';

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'ja' : 'nej';
  return String(cell);
}

/**
 * Rows to CSV. Numbers are written as numbers (a negative one is not a formula); every text cell
 * goes through the guard. An empty row is a blank line, which separates sections.
 */
export function csvTable(rows: Cell[][]): string {
  const lines = rows.map((row) => row.map((cell) => quote(typeof cell === 'number' ? String(cell) : guardCell(text(cell)))).join(DELIMITER));
  // The BOM is what makes Excel on Windows read the file as UTF-8 instead of Windows-1252.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
