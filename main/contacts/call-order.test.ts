import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../test-support/backends';
import { openBook, parsed, type Book } from '../test-support/book-fixture';
import { callRank, inCallOrder } from './call-order';
import { ruleFor } from './files/header-aliases';
import { normalizeKey } from './files/labels';
import { readImportFile } from './files/read-import-file';
import { fixture, LIMITS } from './files/test-helpers';
import { getContact, listContacts } from './contact-queries';
import { prepareRecords } from './import-planner';

/** Each contact's numbers as the import would store them (priority order), by name. */
async function planned(name: string): Promise<Record<string, string[]>> {
  const file = readImportFile(fixture(name), { fileName: name, limits: LIMITS });
  const prepared = await prepareRecords(file.records, () => {});
  return Object.fromEntries(prepared.map((p) => [p.record.name, p.numbers.map((n) => `${n.e164} ${n.label}`)]));
}

describe('imported numbers are called mobile first, then work, then home', () => {
  it('an English Outlook export (Business Phone, Home Phone and Mobile Phone columns in that order)', async () => {
    const book = await planned('outlook-en.csv');
    expect(book['Åsa Öberg']).toEqual(['+46701234567 mobil', '+46812345678 arbete', '+4640123456 hem']);
    expect(book['Renée Sjöström']).toEqual(['+46701234567 mobil', '+4640341000 arbete', '+4640341001 arbete']);
  });

  it('a Swedish Outlook export (Arbetstelefon, Hemtelefon, Mobiltelefon)', async () => {
    const book = await planned('outlook-sv.csv');
    expect(book['Märta Lindé']?.[0]).toBe('+46703456789 mobil');
    expect(book['Märta Lindé']?.slice(1).every((n) => n.endsWith(' arbete'))).toBe(true);
    expect(book['Göran Åberg']).toEqual(['+46704567890 mobil', '+4646123456 hem']);
  });

  it('a Google CSV (labels in "Phone n - Label" columns)', async () => {
    const book = await planned('google-contacts.csv');
    const osten = book['Östen Håkansson']!;
    expect(osten.slice(0, 2)).toEqual(['+46701234567 mobil', '+46707654321 mobil']);
    expect(osten[2]).toBe('+46812345678 arbete');
  });

  it('a vCard (TYPE=CELL, WORK, HOME), PREF deciding only among numbers of the same meaning', async () => {
    const book = await planned('vcard-30.vcf');
    for (const numbers of Object.values(book)) {
      const ranks = numbers.map((n) => callRank(n.split(' ')[1] ?? ''));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
    const withMobile = Object.values(book).filter((numbers) => numbers.some((n) => n.endsWith(' mobil')));
    expect(withMobile.length).toBeGreaterThan(0);
    for (const numbers of withMobile) expect(numbers[0]).toMatch(/ mobil$/);
  });

  it('orders by label and keeps file order among equals', () => {
    const phones = [
      { raw: 'a', label: 'växel' },
      { raw: 'b', label: 'arbete' },
      { raw: 'c', label: 'hem' },
      { raw: 'd', label: '' },
      { raw: 'e', label: 'arbete' },
      { raw: 'f', label: 'mobil' },
      { raw: 'g', label: 'bil' },
    ];
    expect(inCallOrder(phones).map((p) => p.raw).join('')).toBe('fbecdga');
  });
});

describe('phone headers are read by meaning', () => {
  it('Swedish and English headers people type give mobile, work and home', () => {
    const label = (header: string) => ruleFor(normalizeKey(header))?.label;
    for (const h of ['Mobil', 'Mobiltelefon', 'Telefon (mobil)', 'Mobile Phone', 'Cell']) expect(label(h), h).toBe('mobil');
    for (const h of ['Arbete', 'Telefon (arbete)', 'Arbetstelefon', 'Business Phone', 'Business Phone 2', 'Work']) expect(label(h), h).toBe('arbete');
    for (const h of ['Hem', 'Hemtelefon', 'Telefon (hem)', 'Telefon (bostad)', 'Home Phone']) expect(label(h), h).toBe('hem');
  });
});

describe.each(testBackends())('the import stores that order on $name', (backend) => {
  let b: Book;
  beforeAll(async () => {
    b = await openBook(backend);
  });
  afterAll(() => b.close());

  it('an Outlook file: every contact gets priorities mobile, work, home; an update appends after them', async () => {
    const { result } = await b.importText('outlook-en.csv', fixture('outlook-en.csv'));
    expect(result.created).toBeGreaterThan(1);
    const stored = async (name: string) => {
      const row = (await listContacts(b.store, parsed('contacts.list', { query: name }))).rows.find((r) => r.name === name)!;
      return (await getContact(b.store, row.id)).numbers.map((n) => [n.priority, `${n.e164} ${n.label}`]);
    };
    expect(await stored('Åsa Öberg')).toEqual([
      [0, '+46701234567 mobil'],
      [1, '+46812345678 arbete'],
      [2, '+4640123456 hem'],
    ]);
    // The same person again with a new number: it is called after the ones she has.
    const again = await b.importText('again.csv', 'namn;mobil;hem\nÅsa Öberg;070-123 45 67;08-555 00 01\n');
    expect(again.result).toMatchObject({ created: 0, updated: 1 });
    expect((await stored('Åsa Öberg')).at(-1)).toEqual([3, '+4685550001 hem']);
  });
});
