import { describe, expect, it } from 'vitest';
import { writeContactsCsv } from './csv-write';
import type { ExportContact } from './types';

const contact = (over: Partial<ExportContact>): ExportContact => ({
  name: 'Åsa Öberg',
  organisation: '',
  title: '',
  email: '',
  language: 'sv',
  notes: '',
  tags: [],
  groups: [],
  phones: [],
  ...over,
});

describe('writeContactsCsv', () => {
  it('writes UTF-8 with a BOM, CRLF and Swedish headers with one Telefon/Typ pair per number', () => {
    const csv = writeContactsCsv(
      [
        contact({ phones: [{ e164: '+46701234567', label: 'mobil', kind: 'mobile' }] }),
        contact({
          name: 'Björn',
          phones: [
            { e164: '+46812345678', label: '', kind: 'landline' },
            { e164: '+46701234568', label: 'jour', kind: 'mobile' },
            { e164: '+46401234567', label: 'hem', kind: 'landline' },
          ],
        }),
      ],
      { delimiter: ';' },
    );
    expect(csv.startsWith('\uFEFFNamn;Organisation;Titel;E-post;Språk;Taggar;Grupper;Anteckningar;Telefon 1;Typ 1;Telefon 2;Typ 2;Telefon 3;Typ 3\r\n')).toBe(true);
    expect(csv.split('\r\n')).toEqual([
      expect.any(String),
      "Åsa Öberg;;;;sv;;;;'+46701234567;mobil;;;;",
      "Björn;;;;sv;;;;'+46812345678;;'+46701234568;jour;'+46401234567;hem",
      '',
    ]);
    expect(csv.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('keeps one phone pair for an empty book, so the layout never changes', () => {
    expect(writeContactsCsv([], { delimiter: ',' })).toBe(
      '\uFEFFNamn,Organisation,Titel,E-post,Språk,Taggar,Grupper,Anteckningar,Telefon 1,Typ 1\r\n',
    );
  });

  it('joins tags and groups with " | " and quotes what RFC 4180 says must be quoted', () => {
    const csv = writeContactsCsv(
      [contact({ name: 'Lindé, "Märta"', notes: 'rad ett\nrad två', tags: ['rökdykare', 'chaufför'], groups: ['Styrka 1', 'Brand, Syd'] })],
      { delimiter: ',' },
    );
    expect(csv.split('\r\n')[1]).toBe('"Lindé, ""Märta""",,,,sv,rökdykare | chaufför,"Styrka 1 | Brand, Syd","rad ett\nrad två",,');
    // The same cells need no quotes once the delimiter is ";".
    const semi = writeContactsCsv([contact({ groups: ['Styrka 1', 'Brand, Syd'] })], { delimiter: ';' });
    expect(semi.split('\r\n')[1]).toBe('Åsa Öberg;;;;sv;;Styrka 1 | Brand, Syd;;;');
  });

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    const csv = writeContactsCsv(
      [
        contact({
          name: '=HYPERLINK("http://x")',
          organisation: '@SUM(A1)',
          title: '\tTAB',
          email: "'=already",
          notes: '-2+3',
          tags: ['+tag'],
          phones: [{ e164: '+46701234567', label: '=cmd', kind: 'mobile' }],
        }),
      ],
      { delimiter: ',' },
    );
    expect(csv.split('\r\n')[1]).toBe(
      `"'=HYPERLINK(""http://x"")",'@SUM(A1),'\tTAB,''=already,sv,'+tag,,'-2+3,'+46701234567,'=cmd`,
    );
  });
});
