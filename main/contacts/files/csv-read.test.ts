import { describe, expect, it } from 'vitest';
import { readCsvTable } from './csv-read';
import { LIMITS, refusal } from './test-helpers';

describe('readCsvTable', () => {
  it('detects the delimiter from the header line, ignoring delimiters inside quotes', () => {
    expect(readCsvTable('namn;mobil\nÅsa;070', LIMITS).delimiter).toBe(';');
    expect(readCsvTable('namn,mobil\nÅsa,070', LIMITS).delimiter).toBe(',');
    expect(readCsvTable('namn\tmobil\nÅsa\t070', LIMITS).delimiter).toBe('\t');
    // Three commas inside the quoted header, two semicolons outside: semicolon.
    const table = readCsvTable('"Namn, för, och, efter";Mobil;Grupp\n"Öberg, Åsa";070;Styrka 1', LIMITS);
    expect(table.delimiter).toBe(';');
    expect(table.rows[0]?.cells).toEqual(['Öberg, Åsa', '070', 'Styrka 1']);
  });

  it("honours Excel's sep= line and keeps counting lines from the top of the file", () => {
    const table = readCsvTable('sep=;\r\nNamn;Telefon, arbete\r\nÅsa;08-123 456 78\r\n', LIMITS);
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['Namn', 'Telefon, arbete']);
    expect(table.headerLine).toBe(2);
    expect(table.rows).toEqual([{ line: 3, cells: ['Åsa', '08-123 456 78'] }]);
  });

  it('gives each row the line it starts on, across quoted line breaks, CRLF and blank rows', () => {
    const text = [
      '',
      'Namn;Anteckningar',
      'Åsa;"rad ett',
      'rad två"',
      ';',
      '',
      'Björn;"a\r\n\r\nb"',
      'Märta;x',
    ].join('\r\n');
    const table = readCsvTable(text, LIMITS);
    expect(table.headerLine).toBe(2);
    expect(table.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [3, 'Åsa'],
      [7, 'Björn'],
      [10, 'Märta'],
    ]);
    expect(table.rows[1]?.cells[1]).toBe('a\n\nb');
  });

  it('reads files with lone-CR line endings (Excel for Mac)', () => {
    const table = readCsvTable('Namn;Mobil\rÅsa;070\rBjörn;073', LIMITS);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Åsa', '070'] },
      { line: 3, cells: ['Björn', '073'] },
    ]);
  });

  it('applies the row and line limits to lone-CR files too', () => {
    const limits = { ...LIMITS, maxRows: 2, maxLineBytes: 100 };
    expect(refusal(() => readCsvTable('Namn\rA\rB\rC\r', limits), 'import.too_many_rows').params).toEqual({ limit: 2, line: 4 });
    expect(refusal(() => readCsvTable(`Namn\rA\r${'x'.repeat(101)}\r`, limits), 'import.line_too_long').params).toEqual({ line: 3, limit: 100 });
  });

  it('reads a tab named by sep= and skips blank lines before the header', () => {
    const table = readCsvTable('\r\nsep=\t\r\n\r\nNamn\tTelefon; arbete\r\nÅsa\t08-123 456 78', LIMITS);
    expect(table).toMatchObject({ delimiter: '\t', headerLine: 4, headers: ['Namn', 'Telefon; arbete'] });
    expect(table.rows).toEqual([{ line: 5, cells: ['Åsa', '08-123 456 78'] }]);
  });

  it('strips the apostrophe our exporter puts before = + - @, and only that one', () => {
    const table = readCsvTable("Namn,Tel\r\n'=HYPERLINK(1),'+46701234567\r\n'Sune,''-x\r\n", LIMITS);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['=HYPERLINK(1)', '+46701234567'],
      ["'Sune", "'-x"],
    ]);
  });

  it('keeps short rows short and quoted delimiters inside cells', () => {
    const table = readCsvTable('Namn,Mobil,Grupp\n"Öberg, Åsa"\n"Lindé, ""Märta""",070,"a,b"', LIMITS);
    expect(table.rows.map((r) => r.cells)).toEqual([['Öberg, Åsa'], ['Lindé, "Märta"', '070', 'a,b']]);
  });

  it('refuses an empty file and a header without rows', () => {
    refusal(() => readCsvTable(' \r\n\r\n', LIMITS), 'import.empty');
    expect(refusal(() => readCsvTable('Namn;Mobil\r\n;\r\n', LIMITS), 'import.empty').params).toEqual({ line: 1 });
  });

  it('refuses a 10 MB single line, naming it, without hanging', () => {
    const oneLine = 'x'.repeat(10 * 1024 * 1024);
    const error = refusal(() => readCsvTable(oneLine, LIMITS), 'import.line_too_long');
    expect(error.params).toEqual({ line: 1, limit: LIMITS.maxLineBytes });

    const third = `Namn;Mobil\nÅsa;070\n${'Björn;'.repeat(2 * 1024 * 1024)}\nMärta;073`;
    expect(refusal(() => readCsvTable(third, LIMITS), 'import.line_too_long').params).toEqual({
      line: 3,
      limit: LIMITS.maxLineBytes,
    });
  });

  it('measures lines in UTF-8 bytes, not characters', () => {
    const limits = { ...LIMITS, maxLineBytes: 100 };
    // 60 characters, 120 bytes.
    const error = refusal(() => readCsvTable(`Namn\n${'å'.repeat(60)}`, limits), 'import.line_too_long');
    expect(error.params).toEqual({ line: 2, limit: 100 });
    expect(readCsvTable(`Namn\n${'a'.repeat(60)}`, limits).rows).toHaveLength(1);
  });

  it('refuses a quote that swallows the rest of the file at the line where it opened', () => {
    const text = `Namn;Anteckning\nÅsa;"aldrig stängd\n${'Björn;x\n'.repeat(20_000)}`;
    const error = refusal(() => readCsvTable(text, LIMITS), 'import.line_too_long');
    expect(error.params).toEqual({ line: 2, limit: LIMITS.maxLineBytes });
    const short = refusal(() => readCsvTable('Namn;Anteckning\nÅsa;"aldrig stängd\nBjörn;x\n', LIMITS), 'import.csv_syntax');
    expect(short.params).toEqual({ line: 2 });
  });

  it('counts every record after the header against the row limit, blank ones too', () => {
    const limits = { ...LIMITS, maxRows: 9 };
    // Each repeat is one contact, one Excel blank row (`;`) and one empty line: three records.
    const rows = (n: number) => `Namn;Mobil\n${'Åsa;070\n;\n\n'.repeat(n)}`;
    expect(readCsvTable(rows(3), limits).rows).toHaveLength(3);
    const error = refusal(() => readCsvTable(rows(4), limits), 'import.too_many_rows');
    expect(error.params).toMatchObject({ limit: 9, line: 11 });
    // The line break that ends the last row opens no record of its own.
    expect(readCsvTable('Namn;Mobil\nA;070\nB;071\nC;072\n', { ...LIMITS, maxRows: 3 }).rows).toHaveLength(3);
  });

  it('refuses a flood of blank lines, after the header or before it, without parsing it', () => {
    const limits = { ...LIMITS, maxRows: 200_000 };
    for (const text of [`Namn;Mobil\n${'\n'.repeat(1_000_000)}`, `${'\r\n'.repeat(1_000_000)}Namn;Mobil\nÅsa;070\n`, `Namn;Mobil\n${';\n'.repeat(1_000_000)}`]) {
      const error = refusal(() => readCsvTable(text, limits), 'import.too_many_rows');
      expect(error.params).toMatchObject({ limit: 200_000 });
    }
  });

  it('refuses 1,000,000 rows over a 200,000 limit before parsing the rest of the file', () => {
    const row = 'Per Persson;070-123 45 67;Styrka 1\n';
    // A quote that never closes sits at the very end: any parse that went past the limit
    // would report it instead of the row count.
    const text = `Namn;Mobil;Grupp\n${row.repeat(1_000_000)}Sist;"aldrig stängd`;
    const error = refusal(() => readCsvTable(text, LIMITS), 'import.too_many_rows');
    expect(error.params).toEqual({ limit: 200_000, line: 200_002 });
    expect(error.message).toContain('200000');
  });
});
