import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../rpc/router';
import { rowCounts, startTestEngine, type TestEngine } from '../test-support/engine-fixture';

let t: TestEngine;
let op: Connection;
let viewer: Connection;

beforeAll(async () => {
  t = await startTestEngine();
  op = await t.signedIn('operator');
  viewer = await t.signedIn('viewer');
});
afterAll(() => t.stop());

describe('contacts', () => {
  it('creates a contact with numbers normalised, in priority order, with kinds and capabilities', async () => {
    const c = await t.call(op, 'contacts.create', {
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
  });

  it('refuses a bad number naming the field and the reason, and writes nothing', async () => {
    const before = rowCounts(t.engine);
    const result = await t.engine.router.call(op, 'contacts.create', {
      name: 'Bo Bad',
      numbers: [{ number: '070-111 22 44' }, { number: '112' }],
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation', fields: [{ path: 'numbers.1.number' }] } });
    if (!result.ok) expect(result.error.fields![0]!.message).toContain('nöd- och servicenummer');
    expect(rowCounts(t.engine)).toEqual(before);
  });

  it('finds a contact by a number typed in national format, by name, and by part of a number', async () => {
    await t.call(op, 'contacts.create', { name: 'Karl Sökbar', numbers: [{ number: '0733-44 55 66' }] });
    const byNational = await t.call(viewer, 'contacts.list', { query: '073-344 55 66'.replace('073-3', '0733') });
    expect(byNational.rows.map((r) => r.name)).toEqual(['Karl Sökbar']);
    expect((await t.call(viewer, 'contacts.list', { query: 'sökbar' })).rows.map((r) => r.name)).toEqual(['Karl Sökbar']);
    expect((await t.call(viewer, 'contacts.list', { query: '445566' })).rows.map((r) => r.name)).toEqual(['Karl Sökbar']);
  });

  it('reorders numbers and keeps an opted-out number opted out', async () => {
    const c = await t.call(op, 'contacts.create', {
      name: 'Lena Ordning',
      numbers: [{ number: '070-200 00 01' }, { number: '070-200 00 02' }],
    });
    t.engine.db.$client.prepare("UPDATE phone_numbers SET sms_opted_out = 1 WHERE e164 = '+46702000002'").run();
    const reordered = await t.call(op, 'contacts.update', {
      id: c.id,
      numbers: [{ number: '+46702000002' }, { number: '+46702000001' }],
    });
    expect(reordered.numbers.map((n) => [n.e164, n.smsOptedOut])).toEqual([
      ['+46702000002', true],
      ['+46702000001', false],
    ]);
  });

  it('edits one field without touching the rest (numbers, tags, organisation stay)', async () => {
    const c = await t.call(op, 'contacts.create', {
      name: 'Ulla Delvis',
      organisation: 'Kommunen',
      tags: ['jour'],
      numbers: [{ number: '070-500 00 01' }],
    });
    const renamed = await t.call(op, 'contacts.update', { id: c.id, name: 'Ulla Helvis' });
    expect(renamed).toMatchObject({ name: 'Ulla Helvis', organisation: 'Kommunen', tags: ['jour'] });
    expect(renamed.numbers.map((n) => n.e164)).toEqual(['+46705000001']);
    const g = await t.call(op, 'groups.create', { name: 'Delvis', description: 'Beskrivning' });
    expect(await t.call(op, 'groups.update', { id: g.id, name: 'Delvis 2' })).toMatchObject({ description: 'Beskrivning' });
  });

  it('refuses a save based on an older copy (someone else saved meanwhile) and changes nothing', async () => {
    const c = await t.call(op, 'contacts.create', { name: 'Sara Samtidig', numbers: [{ number: '070-500 00 02' }] });
    await new Promise((r) => setTimeout(r, 5)); // a later save gets a later time
    const first = await t.call(op, 'contacts.update', { id: c.id, expectedUpdatedAt: c.updatedAt, organisation: 'Station Norr' });
    const before = rowCounts(t.engine);
    await expect(t.call(op, 'contacts.update', { id: c.id, expectedUpdatedAt: c.updatedAt, organisation: 'Station Syd' })).rejects.toThrow(/changed by someone else/);
    expect(rowCounts(t.engine)).toEqual(before); // not even an audit entry
    expect((await t.call(op, 'contacts.get', { id: c.id })).organisation).toBe('Station Norr');
    // Based on the newest copy, the save goes through.
    expect(await t.call(op, 'contacts.update', { id: c.id, expectedUpdatedAt: first.updatedAt, organisation: 'Station Syd' })).toMatchObject({ organisation: 'Station Syd' });
  });

  it('deactivates: hidden from the list unless asked for, and audited', async () => {
    const c = await t.call(op, 'contacts.create', { name: 'Vilande Person', numbers: [{ number: '070-300 00 01' }] });
    await t.call(op, 'contacts.setActive', { id: c.id, active: false });
    expect((await t.call(viewer, 'contacts.list', { query: 'vilande' })).total).toBe(0);
    expect((await t.call(viewer, 'contacts.list', { flag: 'inactive' })).rows.map((r) => r.name)).toContain('Vilande Person');
    const admin = await t.signedIn('admin');
    const audit = await t.call(admin, 'audit.list', { action: 'contacts.deactivate', limit: 5 });
    expect(audit[0]).toMatchObject({ targetId: String(c.id), actorName: expect.stringMatching(/^operator-/) });
  });

  it('sorts in Swedish order: å, ä, ö after z', async () => {
    for (const name of ['Örjan Sort', 'Zäta Sort', 'Ärla Sort', 'Åke Sort', 'Adam Sort']) {
      await t.call(op, 'contacts.create', { name, numbers: [] });
    }
    const names = (await t.call(viewer, 'contacts.list', { query: 'sort', limit: 10 })).rows.map((r) => r.name);
    expect(names).toEqual(['Adam Sort', 'Zäta Sort', 'Åke Sort', 'Ärla Sort', 'Örjan Sort']);
  });

  it('checks a number as the operator types', async () => {
    expect(await t.call(viewer, 'contacts.checkNumber', { number: '070-123 45 67' })).toMatchObject({ ok: true, e164: '+46701234567', kind: 'mobile' });
    expect(await t.call(viewer, 'contacts.checkNumber', { number: '070-12' })).toMatchObject({ ok: false, reason: 'för kort' });
  });
});

describe('groups', () => {
  it('keeps members in order, counts SMS-reachable members, and reorders', async () => {
    const a = await t.call(op, 'contacts.create', { name: 'Grupp A', numbers: [{ number: '070-400 00 01' }] });
    const b = await t.call(op, 'contacts.create', { name: 'Grupp B', numbers: [{ number: '08-400 00 02' }] });
    const c = await t.call(op, 'contacts.create', { name: 'Grupp C', numbers: [{ number: '070-400 00 03' }] });
    const g = await t.call(op, 'groups.create', { name: 'Brandstyrka 1' });
    await t.call(op, 'groups.addMembers', { id: g.id, contactIds: [a.id, b.id] });
    const after = await t.call(op, 'groups.addMembers', { id: g.id, contactIds: [c.id, a.id] });
    expect(after).toMatchObject({ memberCount: 3, smsReachableCount: 2 });
    expect((await t.call(viewer, 'groups.members', { id: g.id })).map((m) => m.name)).toEqual(['Grupp A', 'Grupp B', 'Grupp C']);
    await t.call(op, 'groups.setMembers', { id: g.id, contactIds: [c.id, a.id, b.id] });
    expect((await t.call(viewer, 'groups.members', { id: g.id })).map((m) => m.name)).toEqual(['Grupp C', 'Grupp A', 'Grupp B']);
    await t.call(op, 'groups.removeMembers', { id: g.id, contactIds: [a.id] });
    expect((await t.call(viewer, 'groups.members', { id: g.id })).map((m) => [m.name, m.position])).toEqual([
      ['Grupp C', 0],
      ['Grupp B', 1],
    ]);
    const renamed = await t.call(op, 'groups.update', { id: g.id, name: 'Brandstyrka Ett' });
    expect(renamed.name).toBe('Brandstyrka Ett');
    expect((await t.call(viewer, 'contacts.get', { id: c.id })).groups.map((x) => x.name)).toEqual(['Brandstyrka Ett']);
  });

  it('refuses a duplicate group name and an unknown contact', async () => {
    await t.call(op, 'groups.create', { name: 'Ledning' });
    expect(await t.engine.router.call(op, 'groups.create', { name: 'ledning' })).toMatchObject({
      ok: false,
      error: { kind: 'conflict', code: 'groups.name_taken' },
    });
    const g = (await t.call(viewer, 'groups.list', {})).find((x) => x.name === 'Ledning')!;
    expect(await t.engine.router.call(op, 'groups.addMembers', { id: g.id, contactIds: [999999] })).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    expect(await t.engine.router.call(op, 'groups.setMembers', { id: g.id, contactIds: [1, 1] })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
  });
});
