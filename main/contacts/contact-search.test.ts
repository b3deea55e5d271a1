import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../rpc/router';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { searchFold, sortKeySearchFold } from './search-fold';

let t: TestEngine;
let op: Connection;

beforeAll(async () => {
  t = await startTestEngine();
  op = await t.signedIn('operator');
  for (const [name, organisation] of [
    ['Åsa Öberg', 'Räddningstjänsten Väst'],
    ['Anders Ångström', 'Ambulans'],
    ['Jörgen Müller', 'Polisen'],
    ['Olof Berg', 'Sjöräddningen'],
    ['Æsa Ørsted', ''],
    ['Zoë Éclair', 'Hélène AB'],
  ] as const) {
    await t.call(op, 'contacts.create', { name, organisation, numbers: [] });
  }
});
afterAll(() => t.stop());

const names = async (query: string) => (await t.call(op, 'contacts.list', { query })).rows.map((r) => r.name).sort();

describe('contact search ignores case and diacritics', () => {
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
  });

  it('still matches only what the query says ("berg" finds both, "asa ob" only Åsa Öberg)', async () => {
    expect(await names('berg')).toEqual(['Olof Berg', 'Åsa Öberg']);
    expect(await names('asa ob')).toEqual(['Åsa Öberg']);
    expect(await names('%')).toEqual([]);
  });

  it('folds the query the same way in both forms', () => {
    expect(searchFold('  Åsa  ÖBERG ')).toBe('asa oberg');
    expect(sortKeySearchFold('Ångström')).toBe('angstrom');
  });
});

describe('who else has a number (the editor warns, never blocks)', () => {
  it('names the other owners by normalised number, leaving out the contact being edited', async () => {
    const first = await t.call(op, 'contacts.create', { name: 'Vera Delad', numbers: [{ number: '070-555 12 34' }] });
    const check = await t.call(op, 'contacts.checkNumber', { number: '+46 70 555 12 34' });
    expect(check.owners).toEqual([{ id: first.id, name: 'Vera Delad' }]);
    expect((await t.call(op, 'contacts.checkNumber', { number: '0705551234', exceptContactId: first.id })).owners).toEqual([]);
    // Saving the same number on a second person is allowed; both are then named.
    const second = await t.call(op, 'contacts.create', { name: 'Ulf Delad', numbers: [{ number: '0705551234' }] });
    const both = await t.call(op, 'contacts.checkNumber', { number: '070-555 12 34' });
    expect(both.owners.map((o) => o.name).sort()).toEqual(['Ulf Delad', 'Vera Delad']);
    expect((await t.call(op, 'contacts.checkNumber', { number: '070-555 12 34', exceptContactId: second.id })).owners).toEqual([{ id: first.id, name: 'Vera Delad' }]);
    expect((await t.call(op, 'contacts.checkNumber', { number: '070-12' })).owners).toEqual([]);
  });
});
