/** Search folding case and diacritics, and the owners of a number, on SQLite and PostgreSQL alike. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../test-support/backends';
import { OPERATOR, openBook, parsed, type Book } from '../test-support/book-fixture';
import { listContacts } from './contact-queries';
import { checkNumberWithOwners } from './number-owners';
import { searchFold, sortKeySearchFold } from './search-fold';

describe('the query is folded', () => {
  it('the same way in both forms', () => {
    expect(searchFold('  Åsa  ÖBERG ')).toBe('asa oberg');
    expect(sortKeySearchFold('Ångström')).toBe('angstrom');
  });
});

describe.each(testBackends())('contact search on $name', (backend) => {
  let b: Book;
  beforeAll(async () => {
    b = await openBook(backend);
    for (const [name, organisation] of [
      ['Åsa Öberg', 'Räddningstjänsten Väst'],
      ['Anders Ångström', 'Ambulans'],
      ['Jörgen Müller', 'Polisen'],
      ['Olof Berg', 'Sjöräddningen'],
      ['Æsa Ørsted', ''],
      ['Zoë Éclair', 'Hélène AB'],
      ['Łukasz Nowak', 'ŁÓDŹ'],
      ['Per 50% Rabatt', 'A_B'],
    ] as const) {
      await b.contacts.create(parsed('contacts.create', { name, organisation, numbers: [] }), OPERATOR);
    }
  });
  afterAll(() => b.close());

  /** The names found, in the order the list gives them. */
  const found = async (query: string) => (await listContacts(b.store, parsed('contacts.list', { query }))).rows.map((r) => r.name);
  const names = async (query: string) => (await found(query)).sort();

  it('finds Öberg by "oberg", "OBERG" and "öberg"', async () => {
    expect(await names('oberg')).toEqual(['Åsa Öberg']);
    expect(await names('OBERG')).toEqual(['Åsa Öberg']);
    expect(await names('öberg')).toEqual(['Åsa Öberg']);
  });

  it('finds Ångström by "angstrom" and by "ÅNGSTRÖM"', async () => {
    expect(await names('angstrom')).toEqual(['Anders Ångström']);
    expect(await names('ÅNGSTRÖM')).toEqual(['Anders Ångström']);
  });

  it('folds ü, æ, ø and accents too, and in organisation', async () => {
    expect(await names('muller')).toEqual(['Jörgen Müller']);
    expect(await names('jorgen')).toEqual(['Jörgen Müller']);
    expect(await names('orsted')).toEqual(['Æsa Ørsted']);
    expect(await names('zoe eclair')).toEqual(['Zoë Éclair']);
    expect(await names('raddningstjansten')).toEqual(['Åsa Öberg']);
    expect(await names('helene')).toEqual(['Zoë Éclair']);
    expect(await names('AMBULANS')).toEqual(['Anders Ångström']);
  });

  it('still matches only what the query says ("berg" finds both, "asa ob" only Åsa Öberg; % and _ are letters)', async () => {
    expect(await names('berg')).toEqual(['Olof Berg', 'Åsa Öberg']);
    expect(await names('asa ob')).toEqual(['Åsa Öberg']);
    expect(await names('%')).toEqual(['Per 50% Rabatt']);
    expect(await names('0%r')).toEqual([]);
    expect(await names('50%')).toEqual(['Per 50% Rabatt']);
    expect(await names('a_b')).toEqual(['Per 50% Rabatt']);
    expect(await names('a b')).toEqual([]);
  });

  it('folds letters outside the Nordic set the same on both engines (by the sort key: Łukasz by "łukasz", not by "lukasz")', async () => {
    expect(await names('łukasz')).toEqual(['Łukasz Nowak']);
    expect(await names('ŁUKASZ')).toEqual(['Łukasz Nowak']);
    expect(await names('lukasz')).toEqual([]);
  });

  it('gives the results in Swedish order (å ä ö after z), the same on both engines', async () => {
    expect(await found('a')).toEqual(['Anders Ångström', 'Olof Berg', 'Per 50% Rabatt', 'Zoë Éclair', 'Åsa Öberg', 'Æsa Ørsted', 'Łukasz Nowak']);
  });
});

describe.each(testBackends())('who else has a number on $name (the editor warns, never blocks)', (backend) => {
  let b: Book;
  beforeAll(async () => {
    b = await openBook(backend);
  });
  afterAll(() => b.close());

  const create = (name: string, number: string) => b.contacts.create(parsed('contacts.create', { name, numbers: [{ number }] }), OPERATOR);

  it('names the other owners by normalised number, leaving out the contact being edited', async () => {
    const first = await create('Vera Delad', '070-555 12 34');
    expect((await checkNumberWithOwners(b.store, '+46 70 555 12 34')).owners).toEqual([{ id: first.id, name: 'Vera Delad' }]);
    expect((await checkNumberWithOwners(b.store, '0705551234', first.id)).owners).toEqual([]);
    // Saving the same number on a second person is allowed; both are then named, in Swedish order.
    const second = await create('Ulf Delad', '0705551234');
    const third = await create('Åke Delad', '0705551234');
    expect((await checkNumberWithOwners(b.store, '070-555 12 34')).owners.map((o) => o.name)).toEqual(['Ulf Delad', 'Vera Delad', 'Åke Delad']);
    expect((await checkNumberWithOwners(b.store, '070-555 12 34', second.id)).owners).toEqual([
      { id: first.id, name: 'Vera Delad' },
      { id: third.id, name: 'Åke Delad' },
    ]);
    expect((await checkNumberWithOwners(b.store, '070-12')).owners).toEqual([]);
  });
});
