import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, tempDir, removeDir, type TestEngine } from '../test-support/engine-fixture';
import { runCli } from '../test-support/run-node';
import { auditTrail, type AuditTrailFixture } from '../test-support/audit-fixture';
import { engineBackends, startTestEngineOn, testBackends } from '../test-support/backends';
import { listAuditEntries, recordAudit, SYSTEM_ACTOR } from './audit-log';

let t: TestEngine | null = null;
let dir: string | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
  if (dir) removeDir(dir);
  dir = null;
});

/** An engine that did some audited work, then stopped, leaving its data directory. */
async function auditedDataDir(): Promise<string> {
  dir = tempDir('gdial-audit-');
  const engine = await startTestEngine({ dataDir: dir });
  const admin = await engine.signedIn('admin');
  await engine.signedIn('operator', 'olle');
  await engine.call(admin, 'templates.create', { name: 'Brand', smsText: 'Brand i hus 3' });
  await engine.call(admin, 'settings.update', { lockoutMinutes: 30 });
  await engine.stop();
  return dir;
}

function tamper(dataDir: string, sql: string) {
  const db = new Database(path.join(dataDir, 'gdial.db'));
  db.prepare(sql).run();
  db.close();
}

/** `gdial audit verify --data-dir` on an SQLite file edited behind the engine's back (audit-attacks.test.ts forges on both backends). */
describe('audit log of an SQLite data directory', () => {
  it('`audit verify` exits 0 on an intact chain', async () => {
    const dataDir = await auditedDataDir();
    const result = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(result.stdout).toMatch(/intact: \d+ rows/);
    expect(result.code).toBe(0);
  });

  it('`audit verify` fails naming the row that was edited directly in SQLite', async () => {
    const dataDir = await auditedDataDir();
    tamper(dataDir, "UPDATE audit_log SET actor_name = 'someone-else' WHERE id = 3");
    const result = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('row 3');
    expect(JSON.parse(runCli(['audit', 'verify', '--data-dir', dataDir, '--json']).stdout)).toMatchObject({
      intact: false,
      firstBrokenId: 3,
    });
  });

  it('fails naming the gap when a row in the middle is deleted', async () => {
    const dataDir = await auditedDataDir();
    tamper(dataDir, 'DELETE FROM audit_log WHERE id = 2');
    const result = runCli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ intact: false, firstBrokenId: 2 });
  });

  it('fails when the newest rows are deleted', async () => {
    const dataDir = await auditedDataDir();
    const db = new Database(path.join(dataDir, 'gdial.db'));
    const last = (db.prepare('SELECT MAX(id) AS id FROM audit_log').get() as { id: number }).id;
    db.prepare('DELETE FROM audit_log WHERE id = ?').run(last);
    db.close();
    const result = runCli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ intact: false, firstBrokenId: last });
  });

  it('fails when a row is re-hashed but its successor still points at the original', async () => {
    const dataDir = await auditedDataDir();
    // A forger who recomputes row 2's own hash still breaks row 3's link.
    // The first digit always changes (a hash that began with 'f' was left as it was: 1 run in 16 failed).
    tamper(dataDir, "UPDATE audit_log SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) WHERE id = 2");
    const result = runCli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).firstBrokenId).toBe(2);
  });

  it('says clearly when there is no database', () => {
    const empty = tempDir('gdial-empty-');
    const result = runCli(['audit', 'verify', '--data-dir', empty]);
    removeDir(empty);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no GDial database/);
  });
});

describe.each(engineBackends())('the audit log of an engine on $name', (backend) => {
  it('records who did what to what, for every state change', async () => {
    t = await startTestEngineOn(backend);
    const admin = await t.signedIn('admin');
    const tpl = await t.call(admin, 'templates.create', { name: 'Test', smsText: 'x' });
    const updated = await t.call(admin, 'templates.update', { id: tpl.id, smsText: 'y' });
    expect(updated).toMatchObject({ name: 'Test', smsText: 'y', confirmDigit: '1' });
    await t.call(admin, 'templates.delete', { id: tpl.id });
    await t.call(admin, 'settings.update', { sessionHours: 8 });
    const entries = await t.call(admin, 'audit.list', { limit: 50 });
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.setup', 'templates.create', 'templates.update', 'templates.delete', 'settings.update']),
    );
    const del = entries.find((e) => e.action === 'templates.delete')!;
    expect(del).toMatchObject({ actorName: 'admin', targetType: 'template', targetId: String(tpl.id) });
    expect(del.details).toMatchObject({ name: 'Test' });
    expect(await t.call(admin, 'audit.verify', {})).toMatchObject({ intact: true, firstBrokenId: null });
  });
});

/** The console's list and `gdial audit verify` through the store, on both backends. */
describe.each(testBackends())('audit log on $name', (backend) => {
  let f: AuditTrailFixture;
  beforeEach(async () => {
    f = await auditTrail(backend);
    await f.start();
  });
  afterEach(() => f.close());

  it('lists who did what to what, newest first, by page and by action', async () => {
    await f.store.unit(async (tx) => {
      await recordAudit(tx, { id: 1, name: 'admin' }, { action: 'templates.create', target: { type: 'template', id: 4 }, details: { name: 'Brand' } });
      await recordAudit(tx, { id: 2, name: 'olle' }, { action: 'templates.delete', target: { type: 'template', id: 4 }, details: { name: 'Brand' } });
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'backups.run', target: { type: 'backup', id: 'gdial-1.db' } });
    });
    const all = await listAuditEntries(f.store, { limit: 50 });
    expect(all.map((e) => e.action)).toEqual(['backups.run', 'templates.delete', 'templates.create']);
    expect(all[1]).toMatchObject({ actorId: 2, actorName: 'olle', targetType: 'template', targetId: '4', details: { name: 'Brand' } });
    expect(all[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await listAuditEntries(f.store, { limit: 1, beforeId: all[0]!.id })).map((e) => e.action)).toEqual(['templates.delete']);
    expect((await listAuditEntries(f.store, { limit: 50, action: 'templates.create' })).map((e) => e.id)).toEqual([all[2]!.id]);
  });

  it('`audit verify` says intact, and names the row edited directly in the database', async () => {
    await f.record(5);
    await f.stop();
    expect(await f.verify()).toMatchObject({ code: 0, result: { intact: true, checked: 5 } });
    await f.store.run(sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = 3`);
    expect(await f.verify()).toMatchObject({ code: 1, result: { intact: false, firstBrokenId: 3 } });
  });
});
