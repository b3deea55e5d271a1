import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvTable } from './csv-read';
import { writeContactsCsv } from './csv-write';
import { decodeBytes } from './decode';
import { readImportFile } from './read-import-file';
import { LIMITS, utf8 } from './test-helpers';
import type { ExportContact, ImportRecord } from './types';
import { writeVcards } from './vcard-write';

const book: ExportContact[] = [
  {
    name: 'Åsa Öberg',
    organisation: 'Räddningstjänsten Syd, Operativa',
    title: 'Styrkeledare',
    email: 'asa.oberg@rtjsyd.se',
    language: 'sv',
    notes: 'Jour vecka 12.\nNås även via växeln; ring mobilen först.',
    tags: ['rökdykare', 'chaufför'],
    groups: ['Styrka 1', 'Brand, Syd', 'Ledning'],
    phones: [
      { e164: '+46701234567', label: 'mobil', kind: 'mobile' },
      { e164: '+46812345678', label: 'arbete', kind: 'landline' },
      { e164: '+46701234599', label: 'Jour', kind: 'mobile' },
    ],
  },
  {
    name: '=HYPERLINK("http://x")',
    organisation: '@SUM(A1)',
    title: '-chef',
    email: '',
    language: 'en',
    notes: '-2+3',
    tags: [],
    groups: ['Krisledning'],
    phones: [{ e164: '+46401234567', label: 'hem', kind: 'landline' }],
  },
  {
    name: 'Märta Lindé',
    organisation: '',
    title: '',
    email: 'marta.linde@lund.se',
    language: 'sv',
    notes: '',
    tags: ['TiB'],
    groups: [],
    phones: [],
  },
];

/** What an import must give back for each exported contact. */
const expected = (c: ExportContact) => ({
  name: c.name,
  organisation: c.organisation,
  title: c.title,
  email: c.email,
  language: c.language,
  notes: c.notes,
  tags: c.tags,
  groups: c.groups,
  phones: c.phones.map((p) => ({ raw: p.e164, label: p.label })),
});
const comparable = (r: ImportRecord) => ({
  name: r.name,
  organisation: r.organisation,
  title: r.title,
  email: r.email,
  language: r.language,
  notes: r.notes,
  tags: r.tags,
  groups: r.groups,
  phones: r.phones,
});

describe('export → import round trip', () => {
  for (const delimiter of [',', ';'] as const) {
    it(`gives the same book back through CSV with "${delimiter}"`, () => {
      const csv = writeContactsCsv(book, { delimiter });
      const file = readImportFile(utf8(csv), { fileName: 'kontakter.csv', limits: LIMITS });
      expect(file).toMatchObject({ format: 'csv', encoding: 'utf-8-bom', delimiter });
      expect(file.records.map(comparable)).toEqual(book.map(expected));
      expect(file.records.map((r) => r.line)).toEqual([2, 4, 5]);
    });
  }

  it('gives the same book back through vCard', () => {
    const file = readImportFile(utf8(writeVcards(book)), { fileName: 'kontakter.vcf', limits: LIMITS });
    expect(file.format).toBe('vcard');
    expect(file.records.map(comparable)).toEqual(book.map(expected));
  });

  it('writes E.164 numbers as text for Excel and reads them back as E.164', () => {
    const csv = writeContactsCsv(book, { delimiter: ';' });
    expect(csv).toContain(";'+46701234567;mobil;'+46812345678;arbete;");
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")";'@SUM(A1);'-chef;;en;;Krisledning;'-2+3;'+46401234567;hem`);
    const [first] = readImportFile(utf8(csv), { fileName: 'k.csv', limits: LIMITS }).records;
    expect(first?.phones.map((p) => p.raw)).toEqual(['+46701234567', '+46812345678', '+46701234599']);
  });
});

/** Cells built to hit every CSV special case: quotes, both delimiters, line breaks, triggers. */
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', ',', ';', '\n', '\r', '\r\n', '\t', '=', '+', '-', '@', "'", '|', ' ', 'å', 'Ö', '€', '😀'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }),
  ),
  maxLength: 30,
});
const lineBreaks = (s: string) => s.replace(/\r\n?/g, '\n');

describe('properties', () => {
  it('CSV: whatever the cells hold, write → read gives the same cells (line breaks as LF)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(',' as const, ';' as const),
        fc.array(fc.record({ name: nasty, organisation: nasty, notes: nasty, e164: nasty, label: nasty }), { minLength: 1, maxLength: 5 }),
        (delimiter, rows) => {
          const contacts: ExportContact[] = rows.map((r) => ({
            name: r.name,
            organisation: r.organisation,
            title: '',
            email: '',
            language: 'sv',
            notes: r.notes,
            tags: [],
            groups: [],
            phones: [{ e164: r.e164, label: r.label, kind: 'unknown' }],
          }));
          const table = readCsvTable(decodeBytes(utf8(writeContactsCsv(contacts, { delimiter }))).text, LIMITS);
          expect(table.delimiter).toBe(delimiter);
          expect(table.rows.map((row) => [row.cells[0], row.cells[1], row.cells[7], row.cells[8], row.cells[9]])).toEqual(
            rows.map((r) => [r.name, r.organisation, r.notes, r.e164, r.label].map(lineBreaks)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('vCard: whatever the text holds, write → read gives it back (trimmed, line breaks as LF)', () => {
    fc.assert(
      fc.property(fc.record({ name: nasty, organisation: nasty, title: nasty, notes: nasty, tags: fc.array(nasty, { maxLength: 3 }) }), (c) => {
        const contact: ExportContact = { ...c, email: '', language: 'en', groups: c.tags, phones: [] };
        const [record] = readImportFile(utf8(writeVcards([contact])), { fileName: 'a.vcf', limits: LIMITS }).records;
        const text = (s: string) => lineBreaks(s).trim();
        const list = [...new Set(c.tags.map(text).filter(Boolean))];
        expect(record).toMatchObject({
          name: text(c.name),
          organisation: text(c.organisation),
          title: text(c.title),
          notes: text(c.notes),
          tags: list,
          groups: list,
        });
      }),
      { numRuns: 300 },
    );
  });
});
