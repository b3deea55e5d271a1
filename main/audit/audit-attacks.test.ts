/**
 * The three ways to shorten or rewrite the audit trail that a plain hash chain cannot notice,
 * done to a real data directory the way a forger with the database would, then checked with the
 * real `gdial audit verify` (process, or its function in this process where several runs are needed).
 */
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditVerify } from '../cli/audit-command';
import type { AuditVerifyResult } from '../contract';
import { SECRETS_FILE } from '../secrets/secret-store';
import { removeDir, startTestEngine, tempDir, type TestEngine } from '../test-support/engine-fixture';
import { runCli } from '../test-support/run-node';
import { ANCHOR_FILE } from './audit-anchor';
import type { AuditRowSql } from './audit-hash';
import { recordAudit, verifyAuditChain } from './audit-log';
import { auditManifest, readAuditSnapshot } from '../reports/audit-export';
import { testBackends } from '../test-support/backends';
import { ADMIN, auditTrail, reseal as resealRows, rowsOf, seedChain, setHead, type AuditTrailFixture } from '../test-support/audit-fixture';

let t: TestEngine | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.stop();
  t = null;
  for (const d of dirs.splice(0)) removeDir(d);
});

/** An engine that did some audited work, then stopped, leaving its data directory. */
async function auditedDataDir(extraTemplates = 8): Promise<string> {
  const dir = tempDir('gdial-audit-attack-');
  dirs.push(dir);
  const engine = await startTestEngine({ dataDir: dir });
  const admin = await engine.signedIn('admin');
  for (let i = 0; i < extraTemplates; i++) await engine.call(admin, 'templates.create', { name: `Mall ${i}`, smsText: `Text ${i}` });
  await engine.call(admin, 'settings.update', { lockoutMinutes: 30 });
  await engine.stop();
  return dir;
}

/** `gdial audit verify --json` run in this process: the CLI's own code, without a process start. */
async function verify(dataDir: string, manifest?: string): Promise<{ code: number; result: AuditVerifyResult }> {
  const out: string[] = [];
  const code = await auditVerify({ dataDir, json: true, manifest }, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, result: JSON.parse(out.join('')) as AuditVerifyResult };
}

/** The forger's tool: re-seals rows from `fromId` on with `seal`, relinks them and moves the head. */
function reseal(db: Database.Database, fromId: number, seal: (canonical: string) => string): void {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRowSql[];
  let prev = '0'.repeat(64);
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  for (const r of rows) {
    if (r.id >= fromId) {
      const canonical = JSON.stringify([r.id, r.at, r.actor_id, r.actor_name, r.action, r.target_type, r.target_id, r.details, prev]);
      const hash = seal(canonical);
      update.run(prev, hash, r.id);
      r.hash = hash;
    }
    prev = r.hash;
  }
  const last = rows.at(-1)!;
  db.prepare("UPDATE app_meta SET value = ? WHERE key = 'audit.head'").run(JSON.stringify({ id: last.id, hash: prev }));
}
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function openDb(dataDir: string) {
  return new Database(path.join(dataDir, 'gdial.db'));
}
const maxId = (db: Database.Database) => (db.prepare('SELECT MAX(id) AS id FROM audit_log').get() as { id: number }).id;

describe('the audit trail cannot be silently shortened or rewritten', () => {
  it('a fresh database verifies intact, sealed with a key kept outside it, and anchored in a 0600 file', async () => {
    const dataDir = await auditedDataDir(2);
    const db = openDb(dataDir);
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRowSql[];
    db.close();
    // Not a plain SHA-256 any more: the database alone cannot reproduce its seals.
    const first = rows[0]!;
    expect(first.hash).not.toBe(sha256(JSON.stringify([first.id, first.at, first.actor_id, first.actor_name, first.action, first.target_type, first.target_id, first.details, first.prev_hash])));
    const secrets = JSON.parse(readFileSync(path.join(dataDir, SECRETS_FILE), 'utf8')) as { values: Record<string, string> };
    expect(secrets.values.auditKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const anchor = path.join(dataDir, ANCHOR_FILE);
    expect(statSync(anchor).mode & 0o777).toBe(0o600);
    const lastLine = JSON.parse(readFileSync(anchor, 'utf8').trim().split('\n').at(-1)!) as { rows: number; head: string };
    expect(lastLine).toMatchObject({ rows: rows.length, head: rows.at(-1)!.hash });

    const cli = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(cli.stdout).toContain(`Audit log intact: ${rows.length} rows verified; anchor at row ${rows.length}.`);
    expect(cli.code).toBe(0);
  }, 60_000);

  it('attack 1: the newest rows deleted and audit.head moved back is reported as missing rows', async () => {
    const dataDir = await auditedDataDir();
    const db = openDb(dataDir);
    const last = maxId(db);
    const keep = last - 4;
    const newHead = db.prepare('SELECT id, hash FROM audit_log WHERE id = ?').get(keep) as { id: number; hash: string };
    db.prepare('DELETE FROM audit_log WHERE id > ?').run(keep);
    db.prepare("UPDATE app_meta SET value = ? WHERE key = 'audit.head'").run(JSON.stringify(newHead));
    db.close();

    const cli = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(cli.stderr).toContain(`rows ${keep + 1}–${last} missing (the anchor says ${last} rows, database has ${keep})`);
    expect(cli.code).toBe(1);
    expect((await verify(dataDir)).result).toMatchObject({ intact: false, firstBrokenId: keep + 1, rows: keep, anchorRows: last });
  }, 60_000);

  it('attack 2: a row edited and the chain re-sealed with plain SHA-256, or with a guessed key, is reported as altered', async () => {
    const dataDir = await auditedDataDir();
    const db = openDb(dataDir);
    db.prepare("UPDATE audit_log SET actor_name = 'someone-else' WHERE id = 3").run();
    reseal(db, 3, sha256);
    db.close();
    const cli = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(cli.stderr).toContain('BROKEN at row 3: row 3 altered');
    expect(cli.code).toBe(1);

    for (const guess of ['', 'gdial', 'audit-key', '0'.repeat(64)]) {
      const again = openDb(dataDir);
      reseal(again, 3, (c) => createHmac('sha256', guess).update(c).digest('hex'));
      again.close();
      expect((await verify(dataDir)).result).toMatchObject({ intact: false, firstBrokenId: 3, problem: expect.stringContaining('row 3 altered') });
    }
    // The whole chain from row 1, too: row 1 is the first that no longer carries the key's seal.
    const whole = openDb(dataDir);
    reseal(whole, 1, sha256);
    whole.close();
    const { code, result } = await verify(dataDir);
    expect(code).toBe(1);
    expect(result).toMatchObject({ intact: false, firstBrokenId: 1, problem: 'row 1 altered (its seal does not match its content)' });
  }, 60_000);

  it('attack 3: every row and the head wiped is reported as all rows gone', async () => {
    const dataDir = await auditedDataDir();
    const db = openDb(dataDir);
    const last = maxId(db);
    db.prepare('DELETE FROM audit_log').run();
    db.prepare("DELETE FROM app_meta WHERE key LIKE 'audit.%'").run();
    db.close();
    const cli = runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(cli.stderr).toContain(`all rows gone (the anchor says ${last} rows, database has none)`);
    expect(cli.code).toBe(1);
  }, 60_000);

  it('a forger cannot declare the keyed chain "old-style": the anchor pins where keying began', async () => {
    const dataDir = await auditedDataDir(3);
    const db = openDb(dataDir);
    db.prepare("UPDATE audit_log SET details = '{\"name\":\"forged\"}' WHERE id = 2").run();
    reseal(db, 1, sha256);
    db.prepare("UPDATE app_meta SET value = '1000000' WHERE key = 'audit.keyedFrom'").run();
    db.close();
    expect((await verify(dataDir)).result).toMatchObject({ intact: false, firstBrokenId: 1 });
  }, 60_000);

  it('the running engine (the console\'s audit.verify) reports a truncation made behind its back', async () => {
    const dir = tempDir('gdial-audit-live-');
    dirs.push(dir);
    t = await startTestEngine({ dataDir: dir });
    const admin = await t.signedIn('admin');
    for (let i = 0; i < 4; i++) await t.call(admin, 'templates.create', { name: `Live ${i}`, smsText: 'x' });
    await new Promise((resolve) => setImmediate(resolve)); // the last checkpoint is written after its commit
    expect(await t.call(admin, 'audit.verify', {})).toMatchObject({ intact: true, firstBrokenId: null });
    const db = openDb(dir);
    const last = maxId(db);
    db.prepare('DELETE FROM audit_log WHERE id > ?').run(last - 2);
    const head = db.prepare('SELECT id, hash FROM audit_log WHERE id = ?').get(last - 2);
    db.prepare("UPDATE app_meta SET value = ? WHERE key = 'audit.head'").run(JSON.stringify(head));
    db.close();
    expect(await t.call(admin, 'audit.verify', {})).toMatchObject({
      intact: false,
      firstBrokenId: last - 1,
      problem: `rows ${last - 1}–${last} missing (the anchor says ${last} rows, database has ${last - 2})`,
    });
  }, 60_000);

  it('an export manifest catches a truncation even when the anchor file was cut back too', async () => {
    const dir = tempDir('gdial-audit-manifest-');
    dirs.push(dir);
    t = await startTestEngine({ dataDir: dir });
    const admin = await t.signedIn('admin');
    for (let i = 0; i < 3; i++) await t.call(admin, 'templates.create', { name: `M ${i}`, smsText: 'x' });
    const { files } = await t.call(admin, 'reports.export', { kind: 'audit_log', format: 'json' });
    const manifestFile = path.join(dir, 'export.manifest.json');
    const manifestText = Buffer.from(files[1]!.contentBase64, 'base64').toString('utf8');
    writeFileSync(manifestFile, manifestText);
    const manifest = JSON.parse(manifestText) as { rows: number; headId: number; headHash: string };
    expect(manifest.rows).toBe(manifest.headId);
    await t.stop();
    t = null;
    expect(await verify(dir, manifestFile)).toMatchObject({ code: 0, result: { intact: true } });

    // The forger cuts the database and the anchor back to the same earlier checkpoint.
    const keep = manifest.headId - 2;
    const db = openDb(dir);
    const head = db.prepare('SELECT id, hash FROM audit_log WHERE id = ?').get(keep);
    db.prepare('DELETE FROM audit_log WHERE id > ?').run(keep);
    db.prepare("UPDATE app_meta SET value = ? WHERE key = 'audit.head'").run(JSON.stringify(head));
    db.close();
    const anchor = path.join(dir, ANCHOR_FILE);
    const lines = readFileSync(anchor, 'utf8').trim().split('\n');
    const cut = lines.findIndex((l) => (JSON.parse(l) as { rows: number }).rows > keep);
    writeFileSync(anchor, `${lines.slice(0, cut).join('\n')}\n`);

    expect((await verify(dir)).result.intact).toBe(true); // the anchor alone was fooled...
    const cli = runCli(['audit', 'verify', '--data-dir', dir, '--manifest', manifestFile]);
    expect(cli.stderr).toContain(`rows ${keep + 1}–${manifest.headId} missing (the export manifest says ${manifest.headId} rows, database has ${keep})`);
    expect(cli.code).toBe(1);
  }, 60_000);

  it('an altered row that the manifest pinned is named, and a file that is no manifest is refused', async () => {
    const dataDir = await auditedDataDir(2);
    const db = openDb(dataDir);
    const head = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
    db.close();
    const manifest = path.join(dataDir, 'm.json');
    writeFileSync(manifest, JSON.stringify({ headId: head.id, headHash: 'a'.repeat(64), rows: head.id }));
    expect((await verify(dataDir, manifest)).result).toMatchObject({ intact: false, firstBrokenId: head.id, problem: `row ${head.id} altered (it differs from the export manifest)` });
    writeFileSync(manifest, '{"hello": 1}');
    const cli = runCli(['audit', 'verify', '--data-dir', dataDir, '--manifest', manifest]);
    expect(cli.stderr).toContain('is not an audit export manifest');
    expect(cli.code).toBe(2);
    expect(existsSync(path.join(dataDir, 'gdial.db'))).toBe(true);
  }, 60_000);
});

/**
 * The same attacks through SQL, on both backends: the chain recorded with recordAudit in units,
 * checked by `gdial audit verify`'s code (on PostgreSQL through GDIAL_DATABASE_URL).
 */
describe.each(testBackends())('the audit trail on $name cannot be silently shortened or rewritten', (backend) => {
  let f: AuditTrailFixture;
  beforeEach(async () => {
    f = await auditTrail(backend);
    await f.start();
    await f.record(10);
    await f.stop();
  });
  afterEach(() => f.close());

  it('a fresh chain verifies intact, keyed and anchored', async () => {
    const rows = await rowsOf(f.store);
    expect(rows[0]!.hash).not.toBe(sha256(JSON.stringify([rows[0]!.id, rows[0]!.at, rows[0]!.actorId, rows[0]!.actorName, rows[0]!.action, rows[0]!.targetType, rows[0]!.targetId, rows[0]!.details, rows[0]!.prevHash])));
    expect(statSync(path.join(f.dataDir, ANCHOR_FILE)).mode & 0o777).toBe(0o600);
    expect(await f.verify()).toMatchObject({ code: 0, result: { intact: true, checked: 10, rows: 10, anchorRows: 10 } });
  });

  it('attack 1: the newest rows deleted and the head moved back', async () => {
    const head = (await rowsOf(f.store))[5]!;
    await f.store.run(sql`DELETE FROM audit_log WHERE id > 6`);
    await setHead(f.store, head);
    const { code, result } = await f.verify();
    expect(code).toBe(1);
    expect(result).toMatchObject({ intact: false, firstBrokenId: 7, rows: 6, anchorRows: 10, problem: 'rows 7–10 missing (the anchor says 10 rows, database has 6)' });
  });

  it('attack 2: a row edited and re-sealed with plain SHA-256 or a guessed key', async () => {
    await f.store.run(sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = 3`);
    await resealRows(f.store, 3, sha256);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 3, problem: expect.stringContaining('row 3 altered') });
    await resealRows(f.store, 3, (c) => createHmac('sha256', 'gdial').update(c).digest('hex'));
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 3 });
    await resealRows(f.store, 1, sha256);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 1, problem: 'row 1 altered (its seal does not match its content)' });
  });

  it('attack 3: every row and the head wiped', async () => {
    await f.store.run(sql`DELETE FROM audit_log`);
    await f.store.run(sql`DELETE FROM app_meta WHERE key LIKE 'audit.%'`);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 1, problem: 'all rows gone (the anchor says 10 rows, database has none)' });
  });

  it('a row in the middle deleted, a row edited, a hash changed under its successor', async () => {
    await f.store.run(sql`UPDATE audit_log SET hash = 'f' || hash WHERE id = 4`);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 4 });
    await f.store.run(sql`DELETE FROM audit_log WHERE id = 2`);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 2, problem: 'row 2 missing (the next row is 3)' });
  });

  it('a forger cannot declare the keyed chain "old-style"', async () => {
    await f.store.run(sql`UPDATE audit_log SET details = '{"name":"forged"}' WHERE id = 2`);
    await resealRows(f.store, 1, sha256);
    await f.store.run(sql`UPDATE app_meta SET value = '1000000' WHERE key = 'audit.keyedFrom'`);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 1 });
  });

  it('an export manifest catches a truncation even when the anchor was cut back too', async () => {
    const trail = await f.store.unit((tx) => readAuditSnapshot(tx));
    expect(trail.rows).toHaveLength(10);
    const manifestFile = path.join(f.dataDir, 'export.manifest.json');
    writeFileSync(manifestFile, JSON.stringify(auditManifest('audit.json', 'x', trail, new Date().toISOString())));
    expect(await f.verify(manifestFile)).toMatchObject({ code: 0, result: { intact: true } });

    await f.store.run(sql`DELETE FROM audit_log WHERE id > 8`);
    await setHead(f.store, trail.rows[7]!);
    const anchor = path.join(f.dataDir, ANCHOR_FILE);
    const lines = readFileSync(anchor, 'utf8').trim().split('\n');
    writeFileSync(anchor, `${lines.filter((l) => (JSON.parse(l) as { rows: number }).rows <= 8).join('\n')}\n`);
    expect((await f.verify()).result.intact).toBe(true); // the anchor alone was fooled...
    expect((await f.verify(manifestFile)).result).toMatchObject({ intact: false, problem: 'rows 9–10 missing (the export manifest says 10 rows, database has 8)' });
  });

  it('a large chain is read in pages, and a row altered deep in it is named', async () => {
    // Many rows at once, as a long-lived installation has (one unit, the key's seals).
    await f.start();
    await seedChain(f, 4_990);
    await f.stop();
    expect((await f.verify()).result).toMatchObject({ intact: true, checked: 5_000, rows: 5_000, anchorRows: 5_000 });
    await f.store.run(sql`UPDATE audit_log SET details = '{"i":0}' WHERE id = 4321`);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 4321, checked: 4320 });
  }, 60_000);

  it('rows committed while a verify runs are neither missed nor reported', async () => {
    await f.start();
    await seedChain(f, 4_000);
    const verifying = verifyAuditChain(f.store);
    const appending = (async () => {
      for (let i = 0; i < 20; i++) await f.store.unit((tx) => recordAudit(tx, ADMIN, { action: 'during.verify', details: { i } }));
    })();
    const [result] = await Promise.all([verifying, appending]);
    expect(result).toMatchObject({ intact: true, firstBrokenId: null });
    expect(result.rows).toBeGreaterThanOrEqual(4_010);
    await f.stop();
    expect((await f.verify()).result).toMatchObject({ intact: true, rows: 4_030 });
  }, 60_000);
});
