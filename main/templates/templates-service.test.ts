/** Templates through the service and its store, on SQLite and on PostgreSQL. */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escalationPolicySchema } from '../contract';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { TemplatesService } from './templates-service';

const OP = { id: null, name: 'op' };
const fields = (name: string, extra: object = {}) => ({
  name,
  voiceText: '',
  smsText: 'x',
  language: 'sv' as const,
  confirmDigit: '1',
  declineDigit: '2',
  alertDefaults: null,
  ...extra,
});
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describe.each(testBackends())('templates on $name', (backend) => {
  let opened: OpenedTestStore;
  let templates: TemplatesService;
  beforeEach(async () => {
    opened = await backend.open();
    templates = new TemplatesService(opened.store);
  });
  afterEach(() => opened.close());

  it('creates, lists by name in byte order, updates only what a patch names, and deletes', async () => {
    const defaults = { groupIds: [1], contactIds: [], channels: ['sms' as const], policy: escalationPolicySchema.parse({}), burn: null, drill: true };
    const brand = await templates.create(fields('brand', { alertDefaults: defaults }), OP);
    await templates.create(fields('Översvämning'), OP);
    await templates.create(fields('Zon'), OP);
    expect((await templates.list()).map((t) => t.name)).toEqual(['Zon', 'brand', 'Översvämning']);
    expect(brand.alertDefaults).toEqual(defaults);

    const renamed = await templates.update({ id: brand.id, name: 'Brand' }, OP);
    expect(renamed).toMatchObject({ name: 'Brand', smsText: 'x', alertDefaults: defaults });
    const cleared = await templates.update({ id: brand.id, alertDefaults: null, smsText: 'y' }, OP);
    expect(cleared).toMatchObject({ alertDefaults: null, smsText: 'y' });
    await templates.delete(brand.id, OP);
    expect((await templates.list()).map((t) => t.name)).toEqual(['Zon', 'Översvämning']);
    expect(await codeOf(templates.delete(brand.id, OP))).toBe('not_found');
    expect(await codeOf(templates.update({ id: brand.id, name: 'x' }, OP))).toBe('not_found');
    const audit = await opened.store.all<{ action: string }>(sql`SELECT action FROM audit_log ORDER BY id`);
    expect(audit.map((r) => r.action)).toEqual(['templates.create', 'templates.create', 'templates.create', 'templates.update', 'templates.update', 'templates.delete']);
  });

  it('refuses a name another template has, whatever its case, and keeps its own on update', async () => {
    const brand = await templates.create(fields('Brand'), OP);
    const other = await templates.create(fields('Annat'), OP);
    await expect(templates.create(fields('BRAND'), OP)).rejects.toMatchObject({ code: 'templates.name_taken', fields: [{ path: 'name' }] });
    expect(await codeOf(templates.update({ id: other.id, name: 'brand' }, OP))).toBe('templates.name_taken');
    expect((await templates.update({ id: brand.id, name: 'BRAND' }, OP)).name).toBe('BRAND');
    expect((await templates.list()).map((t) => t.name)).toEqual(['Annat', 'BRAND']);
  });

  it('refuses the same key for confirm and decline, writing nothing', async () => {
    expect(await codeOf(templates.create(fields('Samma', { confirmDigit: '5', declineDigit: '5' }), OP))).toBe('templates.same_keys');
    const t = await templates.create(fields('Mall'), OP);
    expect(await codeOf(templates.update({ id: t.id, declineDigit: '1' }, OP))).toBe('templates.same_keys');
    expect((await templates.list()).map((x) => [x.name, x.declineDigit])).toEqual([['Mall', '2']]);
    expect(await opened.store.all(sql`SELECT id FROM audit_log WHERE action <> 'templates.create'`)).toEqual([]);
  });
});
