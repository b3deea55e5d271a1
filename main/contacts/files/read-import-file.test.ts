import { describe, expect, it } from 'vitest';
import { readImportFile } from './read-import-file';
import { fixture, LIMITS, refusal, utf8 } from './test-helpers';
import type { ColumnMapping } from './types';

const read = (name: string) => readImportFile(fixture(name), { fileName: name, limits: LIMITS });
const summary = (name: string) =>
  read(name).records.map((r) => ({ line: r.line, name: r.name, phones: r.phones.map((p) => `${p.raw} (${p.label})`), groups: r.groups }));

describe('readImportFile on real-world exports', () => {
  it('reads an English Outlook export (UTF-8 with BOM, every field quoted, ~90 columns)', () => {
    const file = read('outlook-en.csv');
    expect(file).toMatchObject({ format: 'csv', encoding: 'utf-8-bom', delimiter: ',' });
    expect(file.headers).toHaveLength(92);
    expect(summary('outlook-en.csv')).toEqual([
      // Outlook's own column order: business, home, mobile; the business fax is left out.
      { line: 2, name: 'Åsa Öberg', phones: ['08-123 456 78 (arbete)', '+46 (0)40-12 34 56 (hem)', '070-123 45 67 (mobil)'], groups: ['Styrka 1', 'Ledning'] },
      // Line 4: Åsa's note spans two lines.
      { line: 4, name: 'Björn Ekström', phones: ['+46 (0)70-234 56 78 (mobil)', '0046701234599 (annan)'], groups: ['Sjukvård'] },
      { line: 5, name: 'Renée Sjöström', phones: ['040-34 10 00 (arbete)', '040-34 10 01 (arbete)', '0046701234567 (mobil)'], groups: ['TiB'] },
    ]);
    expect(file.records[0]).toMatchObject({ organisation: 'Räddningstjänsten Syd', title: 'Styrkeledare', email: 'asa.oberg@rtjsyd.se', notes: 'Jour vecka 12, 14 och 16.\nNås även via växeln.' });
    // Renée has only a second e-mail address.
    expect(file.records[2]?.email).toBe('renee.sjostrom@malmo.se');
  });

  it('reads a Swedish Outlook export in Windows-1252', () => {
    const file = read('outlook-sv.csv');
    expect(file).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ',' });
    expect(file.records).toEqual([
      {
        line: 2,
        name: 'Märta Lindé',
        organisation: 'Lunds kommun',
        title: 'Krisberedskapssamordnare',
        email: 'marta.linde@lund.se',
        language: 'sv',
        notes: 'Ersättare: Göran Åberg',
        tags: [],
        groups: ['Krisledning', 'Kommunen'],
        phones: [
          { raw: '046-35 50 00', label: 'arbete' },
          { raw: '070-345 67 89', label: 'mobil' },
        ],
      },
      expect.objectContaining({ line: 3, name: 'Göran Åberg', phones: [{ raw: '046-12 34 56', label: 'hem' }, { raw: '+46 70 456 78 90', label: 'mobil' }] }),
    ]);
  });

  it('reads a Google Contacts export: ::: multi-values, per-row labels, labels as groups', () => {
    expect(summary('google-contacts.csv')).toEqual([
      {
        line: 2,
        name: 'Östen Håkansson',
        phones: ['070-123 45 67 (mobil)', '+46 (0)70-765 43 21 (mobil)', '08-123 456 78 (arbete)'],
        groups: ['Räddningstjänst', 'Styrka 1'],
      },
      // Line 4: Östen's address spans two lines.
      { line: 4, name: 'Linnéa Ström', phones: ['0046 40 98 76 54 (hem)', '+46 70 111 22 33 (Jour)'], groups: ['Räddningstjänst'] },
      { line: 5, name: 'Ingrid Bäckström', phones: ['0701234567 (mobil)'], groups: [] },
    ]);
    const [osten, linnea] = read('google-contacts.csv').records;
    expect(osten?.ignoredPhones).toEqual([{ raw: '08-123 456 79', label: 'fax' }]);
    expect(osten?.email).toBe('osten.hakansson@rtjsyd.se');
    expect(linnea?.notes).toBe('Kontakt vid "stort larm", ring mobilen först.');
  });

  it('reads the legacy Google CSV layout, UTF-16 with Group Membership', () => {
    const file = read('google-legacy-utf16.csv');
    expect(file.encoding).toBe('utf-16le');
    expect(summary('google-legacy-utf16.csv')).toEqual([
      { line: 2, name: 'Kjell Ågren', phones: ['070-222 33 44 (mobil)', '040-22 33 44 (hem)', '040-22 33 45 (hem)'], groups: ['Räddningstjänst', 'Rökdykare'] },
      { line: 3, name: 'Stina Fältskog', phones: ['+46 (0)70-333 44 55 (mobil)'], groups: [] },
    ]);
    expect(file.records[0]).toMatchObject({ organisation: 'Räddningstjänsten Syd', title: 'Rökdykare' });
  });

  it('reads a Swedish Excel semicolon file in Windows-1252, skipping the blank row', () => {
    const bytes = fixture('excel-sv-1252.csv');
    // The fixture really is Windows-1252: "å" is the single byte 0xE5, "–" is 0x96.
    expect(bytes.includes(0xe5) && bytes.includes(0x96)).toBe(true);
    const file = read('excel-sv-1252.csv');
    expect(file).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';' });
    expect(summary('excel-sv-1252.csv')).toEqual([
      { line: 2, name: 'Åsa Öberg', phones: ['070-123 45 67 (mobil)', '08-123 456 78 ()'], groups: ['Styrka 1', 'Ledning'] },
      { line: 3, name: 'Björn Ekström', phones: ['+46 (0)70-234 56 78 (mobil)', '0046701234599 (mobil)'], groups: ['Sjukvård'] },
      { line: 4, name: 'Märta Lindé', phones: ['0046701234567 (mobil)', '046-35 50 00 ()'], groups: ['Krisledning'] },
      { line: 7, name: 'Per-Åke Nordén', phones: ['070 456 78 90 (mobil)'], groups: ['Styrka 1'] },
    ]);
    expect(file.records.map((r) => [r.title, r.language, r.notes])).toEqual([
      ['Styrkeledare', 'sv', 'Jour v.12–14'],
      ['Läkare', 'en', ''],
      ['Samordnare; kris', undefined, 'Ring mobilen först.\nDirektnumret går till växeln ’kvällstid’.'],
      ['Brandman', 'sv', '€-konto för övertid'],
    ]);
  });

  it('reads vCard 3.0 and 4.0 files with several numbers per card', () => {
    expect(read('vcard-30.vcf')).toMatchObject({ format: 'vcard', encoding: 'utf-8' });
    expect(summary('vcard-30.vcf').map((r) => r.phones.length)).toEqual([3, 2, 2]);
    expect(summary('vcard-40.vcf').map((r) => [r.line, r.name, r.phones[0]])).toEqual([
      [1, 'Östen Håkansson', '+46-70-123-45-67 (mobil)'],
      [14, 'Linnéa Ström', '+46701112233 (mobil)'],
    ]);
  });
});

describe('readImportFile refusals', () => {
  it('refuses the bad fixtures with their codes', () => {
    refusal(() => read('bad-binary.csv'), 'import.binary');
    refusal(() => read('bad-noise.csv'), 'import.binary');
    refusal(() => read('bad-cp850.csv'), 'import.encoding');
    refusal(() => read('bad-no-name-column.csv'), 'import.no_name_column');
  });

  it('refuses a file over the byte limit before looking inside', () => {
    const error = refusal(
      () => readImportFile(fixture('bad-binary.csv'), { fileName: 'x.csv', limits: { ...LIMITS, maxBytes: 100 } }),
      'import.too_large',
    );
    expect(error.params).toEqual({ size: fixture('bad-binary.csv').length, limit: 100 });
  });

  it('sends a workbook back to be saved as CSV, and refuses other extensions', () => {
    const xlsx = refusal(() => readImportFile(utf8('Namn\nÅsa'), { fileName: 'C:\\Larm\\kontakter.XLSX', limits: LIMITS }), 'import.unknown_format');
    expect(xlsx.params).toEqual({ extension: 'xlsx', kind: 'spreadsheet' });
    expect(xlsx.message).toContain('CSV');
    refusal(() => readImportFile(utf8('Namn\nÅsa'), { fileName: 'kontakter.json', limits: LIMITS }), 'import.unknown_format');
  });

  it('refuses empty files', () => {
    refusal(() => readImportFile(new Uint8Array(), { fileName: 'a.csv', limits: LIMITS }), 'import.empty');
    refusal(() => readImportFile(utf8('\uFEFF \r\n'), { fileName: 'a.csv', limits: LIMITS }), 'import.empty');
    refusal(() => readImportFile(utf8(''), { fileName: 'a.vcf', limits: LIMITS }), 'import.empty');
  });
});

describe('readImportFile format choice and mapping', () => {
  it('picks vCard by content whatever the extension, and by extension', () => {
    const card = utf8('\uFEFF\r\n  BEGIN:VCARD\r\nFN:Åsa\r\nEND:VCARD\r\n');
    expect(readImportFile(card, { fileName: 'kontakter.txt', limits: LIMITS }).format).toBe('vcard');
    expect(readImportFile(card, { fileName: 'kontakter.dat', limits: LIMITS }).format).toBe('vcard');
    expect(readImportFile(fixture('vcard-30.vcf'), { fileName: 'KONTAKTER.VCARD', limits: LIMITS }).format).toBe('vcard');
    expect(readImportFile(utf8('namn;mobil\nÅsa;070'), { fileName: 'lista', limits: LIMITS }).format).toBe('csv');
  });

  it("uses the operator's mapping instead of detecting one, even without a name column", () => {
    const bytes = fixture('bad-no-name-column.csv');
    const mapping: ColumnMapping[] = [
      { column: 0, header: 'Mobil', field: 'phone', label: 'jour' },
      { column: 1, header: 'Grupp', field: 'tags' },
      { column: 2, header: 'E-post', field: 'name' },
    ];
    const file = readImportFile(bytes, { fileName: 'a.csv', limits: LIMITS, mapping });
    expect(file.mapping).toBe(mapping);
    expect(file.records[0]).toMatchObject({
      name: 'asa.oberg@rtjsyd.se',
      tags: ['Styrka 1'],
      groups: [],
      phones: [{ raw: '070-123 45 67', label: 'jour' }],
    });
  });
});
