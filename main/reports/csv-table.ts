/**
 * Report tables as CSV through the contacts export's writer (contacts/files/csv-write.ts), one
 * code path: `csv` is comma-separated with decimal points, `csv-excel` semicolon-separated with
 * decimal commas for Swedish Excel, both UTF-8 with BOM, CRLF and the same formula guard.
 */
import { csvDocument, type CsvCell } from '../contacts/files/csv-write';

export type Cell = string | number | null | undefined;
export type CsvVariant = 'csv' | 'csv-excel';

/** An empty row is a blank line, which separates sections. */
export function csvTable(rows: Cell[][], variant: CsvVariant): string {
  const cells = rows.map((row) => row.map((cell): CsvCell => (cell === null || cell === undefined ? '' : cell)));
  return csvDocument(cells, variant === 'csv-excel' ? { delimiter: ';', decimalComma: true } : { delimiter: ',' });
}
