import { describe, expect, it } from 'vitest';
import { assertNameColumn, detectMapping, recordsFromTable } from './header-mapping';
import { refusal } from './test-helpers';
import type { ColumnMapping } from './types';

const fieldsOf = (headers: string[]) => detectMapping(headers).map((m) => (m.label ? `${m.field}:${m.label}` : m.field));

describe('detectMapping', () => {
  it('maps simple Swedish headers regardless of case and diacritics', () => {
    expect(fieldsOf(['namn', 'MOBIL', 'telefon', 'Grupp', 'e-post', 'Organisation', 'Titel', 'Roll', 'Taggar'])).toEqual([
      'name',
      'phone:mobil',
      'phone',
      'groups',
      'email',
      'organisation',
      'title',
      'title',
      'tags',
    ]);
    expect(fieldsOf(['Anteckningar', 'Notering', 'Språk', 'Sprak', 'ID', 'Externt id', 'Telefon 2', 'Mobil 2', 'Grupper'])).toEqual([
      'notes',
      'notes',
      'language',
      'language',
      'externalId',
      'externalId',
      'phone',
      'phone:mobil',
      'groups',
    ]);
  });

  it('reads Outlook headers in English and Swedish, ignoring faxes, pagers and the courtesy title', () => {
    expect(
      fieldsOf(['Title', 'First Name', 'Last Name', 'Company', 'Job Title', 'E-mail Address', 'E-mail Display Name', 'Mobile Phone', 'Business Phone', 'Home Phone', 'Other Phone', 'Business Fax', 'Pager', 'Categories', 'Notes']),
    ).toEqual(['ignore', 'firstName', 'lastName', 'organisation', 'title', 'email', 'ignore', 'phone:mobil', 'phone:arbete', 'phone:hem', 'phone:annan', 'ignore', 'ignore', 'groups', 'notes']);
    expect(
      fieldsOf(['Förnamn', 'Efternamn', 'Företag', 'Befattning', 'E-postadress', 'Mobiltelefon', 'Arbetstelefon', 'Hemtelefon', 'Personsökare', 'Kategorier', 'Anteckningar']),
    ).toEqual(['firstName', 'lastName', 'organisation', 'title', 'email', 'phone:mobil', 'phone:arbete', 'phone:hem', 'ignore', 'groups', 'notes']);
  });

  it('treats a lone English "Title" as the job title', () => {
    expect(fieldsOf(['Name', 'Title', 'Phone'])).toEqual(['name', 'title', 'phone']);
  });

  it('reads both Google layouts', () => {
    expect(fieldsOf(['Name', 'Given Name', 'Family Name', 'Group Membership', 'E-mail 1 - Type', 'E-mail 1 - Value', 'Phone 1 - Type', 'Phone 1 - Value', 'Organization 1 - Name', 'Organization 1 - Title'])).toEqual(
      ['name', 'firstName', 'lastName', 'groups', 'ignore', 'email', 'ignore', 'phone', 'organisation', 'title'],
    );
    expect(fieldsOf(['First Name', 'Last Name', 'Organization Name', 'Organization Title', 'Labels', 'E-mail 1 - Label', 'E-mail 1 - Value', 'Phone 1 - Label', 'Phone 1 - Value'])).toEqual(
      ['firstName', 'lastName', 'organisation', 'title', 'groups', 'ignore', 'email', 'ignore', 'phone'],
    );
  });

  it("reads our own export's headers", () => {
    expect(fieldsOf(['Namn', 'Organisation', 'Titel', 'E-post', 'Språk', 'Taggar', 'Grupper', 'Anteckningar', 'Telefon 1', 'Typ 1', 'Telefon 2', 'Typ 2'])).toEqual(
      ['name', 'organisation', 'title', 'email', 'language', 'tags', 'groups', 'notes', 'phone', 'ignore', 'phone', 'ignore'],
    );
  });

  it('refuses a header with no name, first-name or last-name column', () => {
    const headers = ['Mobil', 'Grupp', 'E-post'];
    const error = refusal(() => assertNameColumn(detectMapping(headers), headers), 'import.no_name_column');
    expect(error.params).toEqual({ headers: 'Mobil, Grupp, E-post' });
    expect(() => assertNameColumn(detectMapping(['Efternamn', 'Mobil']), ['Efternamn', 'Mobil'])).not.toThrow();
  });
});

describe('recordsFromTable', () => {
  it('joins first and last name when there is no name column, and falls back when the name cell is empty', () => {
    const headers = ['Name', 'Given Name', 'Family Name'];
    const rows = [
      { line: 2, cells: ['Kjell Ågren', 'Kjell', 'X'] },
      { line: 3, cells: ['', 'Stina', 'Fältskog'] },
      { line: 4, cells: ['', '', 'Nordén'] },
    ];
    expect(recordsFromTable(headers, rows, detectMapping(headers)).map((r) => r.name)).toEqual(['Kjell Ågren', 'Stina Fältskog', 'Nordén']);
  });

  it('splits tags and groups on every separator, trims, drops empties and Google system labels', () => {
    const headers = ['Namn', 'Grupp', 'Taggar', 'Labels'];
    const rows = [
      { line: 2, cells: ['A', ' Styrka 1 ; Ledning ;', 'rökdykare, ,chaufför', '* myContacts ::: * starred ::: Räddningstjänst'] },
      { line: 3, cells: ['B', 'Brand, Syd | Ledning', 'x|y', ''] },
    ];
    const records = recordsFromTable(headers, rows, detectMapping(headers));
    expect(records.map((r) => [r.groups, r.tags])).toEqual([
      [['Styrka 1', 'Ledning', 'Räddningstjänst'], ['rökdykare', 'chaufför']],
      // "|" is the stronger separator: a comma inside a group name survives our own export.
      [['Brand, Syd', 'Ledning'], ['x', 'y']],
    ]);
  });

  it('keeps phones in column order with labels, splits Google ::: cells, drops empty cells and sets faxes apart', () => {
    const headers = ['First Name', 'Phone 1 - Label', 'Phone 1 - Value', 'Phone 2 - Label', 'Phone 2 - Value', 'Phone 3 - Label', 'Phone 3 - Value', 'Mobil 2'];
    const rows = [
      { line: 2, cells: ['Östen', '* Mobile', '070-123 45 67 ::: +46 (0)70-765 43 21', 'Work Fax', '08-123 456 79', 'Jour', '0046701234567', ''] },
      { line: 3, cells: ['Ingrid', '', '08-123 456 78', '', '', '', '', '0701234567'] },
    ];
    const [osten, ingrid] = recordsFromTable(headers, rows, detectMapping(headers));
    expect(osten?.phones).toEqual([
      { raw: '070-123 45 67', label: 'mobil' },
      { raw: '+46 (0)70-765 43 21', label: 'mobil' },
      { raw: '0046701234567', label: 'Jour' },
    ]);
    expect(osten?.ignoredPhones).toEqual([{ raw: '08-123 456 79', label: 'fax' }]);
    expect(ingrid?.phones).toEqual([
      { raw: '08-123 456 78', label: '' },
      { raw: '0701234567', label: 'mobil' },
    ]);
    expect(ingrid?.ignoredPhones).toBeUndefined();
  });

  it("follows an operator's adjusted mapping, and still pairs each phone with its row's label", () => {
    const headers = ['Kod', 'Vem', 'Phone 1 - Type', 'Phone 1 - Value', 'Övrigt'];
    const mapping: ColumnMapping[] = [
      { column: 0, header: 'Kod', field: 'externalId' },
      { column: 1, header: 'Vem', field: 'name' },
      { column: 2, header: 'Phone 1 - Type', field: 'ignore' },
      { column: 3, header: 'Phone 1 - Value', field: 'phone' },
      { column: 4, header: 'Övrigt', field: 'phone', label: 'jour' },
    ];
    const [record] = recordsFromTable(headers, [{ line: 9, cells: ['A-17', 'Åsa Öberg', 'Home', '040-12 34 56', '070-123 45 67'] }], mapping);
    expect(record).toEqual({
      line: 9,
      name: 'Åsa Öberg',
      organisation: '',
      title: '',
      email: '',
      notes: '',
      tags: [],
      groups: [],
      externalId: 'A-17',
      phones: [
        { raw: '040-12 34 56', label: 'hem' },
        { raw: '070-123 45 67', label: 'jour' },
      ],
    });
  });

  it('takes the first filled of several e-mail columns and the first of several addresses in a cell', () => {
    const headers = ['Namn', 'E-mail Address', 'E-mail 2 Address', 'E-mail 1 - Value'];
    const rows = [
      { line: 2, cells: ['A', '', 'a2@example.se', 'x@example.se'] },
      { line: 3, cells: ['B', '', '', 'b1@example.se ::: b2@example.se'] },
    ];
    expect(recordsFromTable(headers, rows, detectMapping(headers)).map((r) => r.email)).toEqual(['a2@example.se', 'b1@example.se']);
  });

  it('understands the language the way people write it, and leaves the unknown unset', () => {
    const headers = ['Namn', 'Språk'];
    const rows = ['sv', 'SV-se', 'svenska', 'English', 'en-GB', 'fi', ''].map((lang, i) => ({ line: i + 2, cells: ['A', lang] }));
    expect(recordsFromTable(headers, rows, detectMapping(headers)).map((r) => r.language)).toEqual(['sv', 'sv', 'sv', 'en', 'en', undefined, undefined]);
  });
});
