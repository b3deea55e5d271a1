/**
 * Contacts and groups through their services and stores alone, on SQLite and on PostgreSQL (the
 * router's own checks, roles and zod, are the contract's and rpc's suites).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/store';
import { testBackends } from '../test-support/backends';
import { OPERATOR, openBook, parsed, type Book } from '../test-support/book-fixture';
import { checkNumberWithOwners } from './number-owners';
import { distinctTags, getContact, listContacts } from './contact-queries';

/** What a refused change could have written. */
async function rowCounts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['contacts', 'phone_numbers', 'groups', 'group_members', 'audit_log']) {
    out[table] = (await store.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.raw(table)}`))!.n;
  }
  return out;
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { kind?: string; code?: string }) => `${e.kind}:${e.code}`);

describe.each(testBackends())('contacts on $name', (backend) => {
  let b: Book;
  beforeAll(async () => {
    b = await openBook(backend);
  });
  afterAll(() => b.close());

  const create = (input: Parameters<typeof parsed<'contacts.create'>>[1]) => b.contacts.create(parsed('contacts.create', input), OPERATOR);
  const list = async (input: Parameters<typeof parsed<'contacts.list'>>[1]) => listContacts(b.store, parsed('contacts.list', input));

  it('creates a contact with numbers normalised, in priority order, with kinds and capabilities', async () => {
    const c = await create({
      name: 'Åsa Öberg',
      organisation: 'Räddningstjänsten',
      tags: ['rökdykare'],
      numbers: [{ number: '08-123 456 78', label: 'arbete' }, { number: '+46 (0)70-111 22 33', label: 'mobil' }],
    });
    expect(c.numbers.map((n) => [n.e164, n.kind, n.smsCapable, n.priority])).toEqual([
      ['+46812345678', 'landline', false, 0],
      ['+46701112233', 'mobile', true, 1],
    ]);
    expect(c.tags).toEqual(['rökdykare']);
    expect(await distinctTags(b.store)).toContain('rökdykare');
    const [row] = (await list({ query: 'Åsa Öberg' })).rows;
    expect(row).toMatchObject({ primaryNumber: '+46812345678', numberCount: 2, kinds: ['landline', 'mobile'], smsCapable: true, smsOptedOut: false, groupCount: 0 });
    expect(b.events.at(-1)).toEqual({ name: 'contacts.changed', payload: { ids: [c.id] } });
  });

  it('refuses a bad number naming the field and the reason, and writes nothing', async () => {
    const before = await rowCounts(b.store);
    const error = await create({ name: 'Bo Bad', numbers: [{ number: '070-111 22 44' }, { number: '112' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', fields: [{ path: 'numbers.1.number' }] });
    expect((error as { fields: { message: string }[] }).fields[0]!.message).toContain('nöd- och servicenummer');
    expect(await rowCounts(b.store)).toEqual(before);
  });

  it('finds a contact by a number typed in national format, by name, and by part of a number', async () => {
    await create({ name: 'Karl Sökbar', numbers: [{ number: '0733-44 55 66' }] });
    expect((await list({ query: '0733-44 55 66' })).rows.map((r) => r.name)).toEqual(['Karl Sökbar']);
    expect((await list({ query: 'sökbar' })).rows.map((r) => r.name)).toEqual(['Karl Sökbar']);
    expect((await list({ query: 'SÖKBAR' })).rows.map((r) => r.name)).toEqual(['Karl Sökbar']);
    expect((await list({ query: '445566' })).rows.map((r) => r.name)).toEqual(['Karl Sökbar']);
  });

  it('reorders numbers and keeps an opted-out number opted out', async () => {
    const c = await create({ name: 'Lena Ordning', numbers: [{ number: '070-200 00 01' }, { number: '070-200 00 02' }] });
    await b.store.run(sql`UPDATE phone_numbers SET sms_opted_out = 1, sms_opted_out_at = 1234 WHERE e164 = '+46702000002'`);
    const reordered = await b.contacts.update(parsed('contacts.update', { id: c.id, numbers: [{ number: '+46702000002' }, { number: '+46702000001' }] }), OPERATOR);
    expect(reordered.numbers.map((n) => [n.e164, n.smsOptedOut, n.priority])).toEqual([
      ['+46702000002', true, 0],
      ['+46702000001', false, 1],
    ]);
    const kept = await b.store.get<{ at: number }>(sql`SELECT sms_opted_out_at AS "at" FROM phone_numbers WHERE e164 = '+46702000002'`);
    expect(kept?.at).toBe(1234);
    expect((await list({ flag: 'opted_out' })).rows.map((r) => r.name)).toEqual(['Lena Ordning']);
  });

  it('edits one field without touching the rest (numbers, tags, organisation stay)', async () => {
    const c = await create({ name: 'Ulla Delvis', organisation: 'Kommunen', tags: ['jour'], numbers: [{ number: '070-500 00 01' }] });
    const renamed = await b.contacts.update(parsed('contacts.update', { id: c.id, name: 'Ulla Helvis' }), OPERATOR);
    expect(renamed).toMatchObject({ name: 'Ulla Helvis', organisation: 'Kommunen', tags: ['jour'] });
    expect(renamed.numbers.map((n) => n.e164)).toEqual(['+46705000001']);
    expect((await list({ query: 'helvis' })).rows.map((r) => r.id)).toEqual([c.id]);
    expect((await list({ tag: 'jour' })).rows.map((r) => r.id)).toEqual([c.id]);
    const g = await b.groups.create(parsed('groups.create', { name: 'Delvis', description: 'Beskrivning' }), OPERATOR);
    expect(await b.groups.update(parsed('groups.update', { id: g.id, name: 'Delvis 2' }), OPERATOR)).toMatchObject({ description: 'Beskrivning' });
  });

  it('refuses a save based on an older copy (someone else saved meanwhile) and changes nothing', async () => {
    const c = await create({ name: 'Sara Samtidig', numbers: [{ number: '070-500 00 02' }] });
    await new Promise((r) => setTimeout(r, 5)); // a later save gets a later time
    const update = (expectedUpdatedAt: string, organisation: string) =>
      b.contacts.update(parsed('contacts.update', { id: c.id, expectedUpdatedAt, organisation }), OPERATOR);
    const first = await update(c.updatedAt, 'Station Norr');
    const before = await rowCounts(b.store);
    expect(await codeOf(update(c.updatedAt, 'Station Syd'))).toBe('conflict:contacts.changed_meanwhile');
    expect(await rowCounts(b.store)).toEqual(before); // not even an audit entry
    expect((await getContact(b.store, c.id)).organisation).toBe('Station Norr');
    // Based on the newest copy, the save goes through.
    expect(await update(first.updatedAt, 'Station Syd')).toMatchObject({ organisation: 'Station Syd' });
  });

  it('deactivates: hidden from the list unless asked for, and audited', async () => {
    const c = await create({ name: 'Vilande Person', numbers: [{ number: '070-300 00 01' }] });
    await b.contacts.setActive(c.id, false, OPERATOR);
    expect((await list({ query: 'vilande' })).total).toBe(0);
    expect((await list({ flag: 'inactive' })).rows.map((r) => r.name)).toContain('Vilande Person');
    expect((await list({ query: 'vilande', includeInactive: true })).total).toBe(1);
    const [entry] = await b.audit('contacts.deactivate');
    expect(entry).toMatchObject({ targetId: String(c.id), actorName: 'operator-1', details: { name: 'Vilande Person' } });
    expect(await codeOf(b.contacts.setActive(999_999, true, OPERATOR))).toBe('not_found:not_found');
    expect(await codeOf(getContact(b.store, 999_999))).toBe('not_found:not_found');
  });

  it('sorts in Swedish order on both engines: å, ä, ö after z, case and accents folded', async () => {
    for (const name of ['Örjan Sort', 'zäta Sort', 'Ärla Sort', 'Åke Sort', 'adam Sort', 'Éva Sort', 'Bo Sort', 'Ola-Sort', 'Ola Sort']) {
      await create({ name, numbers: [] });
    }
    const names = (await list({ query: 'sort', limit: 20 })).rows.map((r) => r.name);
    expect(names).toEqual(['adam Sort', 'Bo Sort', 'Éva Sort', 'Ola Sort', 'Ola-Sort', 'zäta Sort', 'Åke Sort', 'Ärla Sort', 'Örjan Sort']);
    // Paging walks the same order.
    const pages = [0, 3, 6].map((offset) => list({ query: 'sort', limit: 3, offset }));
    expect((await Promise.all(pages)).flatMap((p) => p.rows.map((r) => r.name))).toEqual(names);
  });

  it('checks a number as the operator types, naming other owners', async () => {
    expect(await checkNumberWithOwners(b.store, '070-123 45 67')).toMatchObject({ ok: true, e164: '+46701234567', kind: 'mobile', owners: [] });
    expect(await checkNumberWithOwners(b.store, '070-12')).toMatchObject({ ok: false, reason: 'för kort' });
  });

  it('filters by kind, by no SMS and by no number', async () => {
    const landline = await create({ name: 'Fast Filter', numbers: [{ number: '08-777 00 01' }] });
    const none = await create({ name: 'Utan Filter', numbers: [] });
    const kinds = (await list({ query: 'filter', kind: 'landline' })).rows.map((r) => r.id);
    expect(kinds).toEqual([landline.id]);
    expect((await list({ query: 'filter', flag: 'no_sms' })).rows.map((r) => r.id)).toEqual([landline.id, none.id]);
    expect((await list({ query: 'filter', flag: 'no_number' })).rows.map((r) => r.id)).toEqual([none.id]);
  });
});

describe.each(testBackends())('groups on $name', (backend) => {
  let b: Book;
  beforeAll(async () => {
    b = await openBook(backend);
  });
  afterAll(() => b.close());

  const create = (name: string, mobile: string) => b.contacts.create(parsed('contacts.create', { name, numbers: [{ number: mobile }] }), OPERATOR);
  const names = async (id: number) => (await b.groups.members(id)).map((m) => m.name);

  it('keeps members in order, counts SMS-reachable members, and reorders', async () => {
    const a = await create('Grupp A', '070-400 00 01');
    const bb = await create('Grupp B', '08-400 00 02');
    const c = await create('Grupp C', '070-400 00 03');
    const g = await b.groups.create(parsed('groups.create', { name: 'Brandstyrka 1' }), OPERATOR);
    await b.groups.addMembers(g.id, [a.id, bb.id], OPERATOR);
    const after = await b.groups.addMembers(g.id, [c.id, a.id], OPERATOR);
    expect(after).toMatchObject({ memberCount: 3, smsReachableCount: 2 });
    expect(await names(g.id)).toEqual(['Grupp A', 'Grupp B', 'Grupp C']);
    expect((await b.groups.members(g.id)).map((m) => [m.primaryNumber, m.smsReachable])).toEqual([
      ['+46704000001', true],
      ['+4684000002', false],
      ['+46704000003', true],
    ]);
    await b.groups.setMembers(g.id, [c.id, a.id, bb.id], OPERATOR);
    expect(await names(g.id)).toEqual(['Grupp C', 'Grupp A', 'Grupp B']);
    await b.groups.removeMembers(g.id, [a.id], OPERATOR);
    expect((await b.groups.members(g.id)).map((m) => [m.name, m.position])).toEqual([
      ['Grupp C', 0],
      ['Grupp B', 1],
    ]);
    const renamed = await b.groups.update(parsed('groups.update', { id: g.id, name: 'Brandstyrka Ett' }), OPERATOR);
    expect(renamed.name).toBe('Brandstyrka Ett');
    expect((await getContact(b.store, c.id)).groups.map((x) => x.name)).toEqual(['Brandstyrka Ett']);
    expect((await listContacts(b.store, parsed('contacts.list', { groupId: g.id }))).rows.map((r) => r.name)).toEqual(['Grupp B', 'Grupp C']);
    const [entry] = await b.audit('groups.removeMembers');
    expect(entry).toMatchObject({ targetId: String(g.id), details: { contacts: 1, members: 2 } });
  });

  it('refuses a duplicate group name whatever its case, the same on both engines, and an unknown contact', async () => {
    const first = await b.groups.create(parsed('groups.create', { name: 'Ledning' }), OPERATOR);
    const before = await rowCounts(b.store);
    expect(await codeOf(b.groups.create(parsed('groups.create', { name: 'ledning' }), OPERATOR))).toBe('conflict:groups.name_taken');
    const other = await b.groups.create(parsed('groups.create', { name: 'Stab' }), OPERATOR);
    expect(await codeOf(b.groups.update(parsed('groups.update', { id: other.id, name: 'LEDNING' }), OPERATOR))).toBe('conflict:groups.name_taken');
    expect((await b.groups.get(other.id)).name).toBe('Stab');
    expect(await codeOf(b.groups.addMembers(first.id, [999_999], OPERATOR))).toBe('not_found:not_found');
    expect(await codeOf(b.groups.members(999_999))).toBe('not_found:not_found');
    expect((await rowCounts(b.store)).group_members).toBe(before.group_members);
  });

  it('lists groups by name without regard to case, and deletes with an audit entry', async () => {
    for (const name of ['beta', 'Alfa', 'Gamma']) await b.groups.create(parsed('groups.create', { name }), OPERATOR);
    const listed = (await b.groups.list()).map((g) => g.name);
    expect(listed.filter((n) => ['beta', 'Alfa', 'Gamma'].includes(n))).toEqual(['Alfa', 'beta', 'Gamma']);
    const gamma = (await b.groups.list()).find((g) => g.name === 'Gamma')!;
    await b.groups.delete(gamma.id, OPERATOR);
    expect((await b.groups.list()).some((g) => g.id === gamma.id)).toBe(false);
    expect(await codeOf(b.groups.delete(gamma.id, OPERATOR))).toBe('not_found:not_found');
    expect((await b.audit('groups.delete'))[0]).toMatchObject({ targetId: String(gamma.id), details: { name: 'Gamma' } });
  });
});
