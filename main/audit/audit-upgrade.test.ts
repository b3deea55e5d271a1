/**
 * Databases from before the audit key, and a key this process cannot read: upgrading never
 * reports a false break, and nothing is audited without the key.
 */
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../backup/online-backup';
import { restoreDatabase } from '../backup/restore';
import { auditVerify } from '../cli/audit-command';
import { databaseFile } from '../db/read-only';
import type { AuditVerifyResult } from '../contract';
import { SECRETS_FILE, type SecretCipher } from '../secrets/secret-store';
import { removeDir, startTestEngine, tempDir, type TestEngine } from '../test-support/engine-fixture';
import { runCli, runCliAsync } from '../test-support/run-node';
import { ANCHOR_FILE } from './audit-anchor';
import type { AuditRowSql } from './audit-hash';
import { recordAudit, verifyAuditChain } from './audit-log';
import { ADMIN, anchorLines, auditTrail, reseal as resealRows, rowsOf, type AuditTrailFixture } from '../test-support/audit-fixture';
import { testBackends } from '../test-support/backends';

let t: TestEngine | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.stop();
  t = null;
  for (const d of dirs.splice(0)) removeDir(d);
});

function newDir(): string {
  const dir = tempDir('gdial-audit-upgrade-');
  dirs.push(dir);
  return dir;
}

async function verify(dataDir: string): Promise<{ code: number; result: AuditVerifyResult }> {
  const out: string[] = [];
  const code = await auditVerify({ dataDir, json: true }, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, result: JSON.parse(out.join('')) as AuditVerifyResult };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Re-seals rows from `fromId` on with plain SHA-256, as GDial before the key did (or a forger would). */
function plainReseal(db: Database.Database, fromId: number): void {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditRowSql[];
  let prev = '0'.repeat(64);
  for (const r of rows) {
    if (r.id >= fromId) {
      const hash = sha256(JSON.stringify([r.id, r.at, r.actor_id, r.actor_name, r.action, r.target_type, r.target_id, r.details, prev]));
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
      r.hash = hash;
    }
    prev = r.hash;
  }
  db.prepare("UPDATE app_meta SET value = ? WHERE key = 'audit.head'").run(JSON.stringify({ id: rows.at(-1)!.id, hash: prev }));
}

/** A data directory as GDial before the audit key left it: plain seals, no key, no anchor. */
async function legacyDataDir(): Promise<{ dir: string; rows: number }> {
  const dir = newDir();
  const engine = await startTestEngine({ dataDir: dir });
  const admin = await engine.signedIn('admin');
  for (let i = 0; i < 4; i++) await engine.call(admin, 'templates.create', { name: `Gammal ${i}`, smsText: 'x' });
  await engine.stop();
  const db = new Database(path.join(dir, 'gdial.db'));
  plainReseal(db, 1);
  db.prepare("DELETE FROM app_meta WHERE key = 'audit.keyedFrom'").run();
  const rows = (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
  db.close();
  rmSync(path.join(dir, ANCHOR_FILE));
  const secrets = JSON.parse(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')) as { values: Record<string, string> };
  delete secrets.values.auditKey;
  writeFileSync(path.join(dir, SECRETS_FILE), JSON.stringify(secrets), { mode: 0o600 });
  return { dir, rows };
}

describe('audit key upgrade', () => {
  it('an unkeyed chain from an older GDial verifies before and after the upgrade, keyed from a chained marker row', async () => {
    const { dir, rows } = await legacyDataDir();
    expect(await verify(dir)).toMatchObject({ code: 0, result: { intact: true, checked: rows, anchorRows: null } });

    t = await startTestEngine({ dataDir: dir });
    const admin = await t.engine.connect('test');
    await t.call(admin, 'auth.login', { username: 'admin', password: 'correct horse battery' });
    await t.call(admin, 'templates.create', { name: 'Ny', smsText: 'y' });
    expect(await t.call(admin, 'audit.verify', {})).toMatchObject({ intact: true });
    await t.stop();
    t = null;

    const db = new Database(path.join(dir, 'gdial.db'));
    const marker = db.prepare('SELECT * FROM audit_log WHERE id = ?').get(rows + 1) as AuditRowSql;
    const total = (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    db.close();
    expect(marker).toMatchObject({ action: 'audit.key_introduced', actor_name: 'system', details: JSON.stringify({ plainRows: rows }) });
    const first = JSON.parse(readFileSync(path.join(dir, ANCHOR_FILE), 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ rows, keyedFrom: rows + 1, event: 'keyed' });
    const cli = runCli(['audit', 'verify', '--data-dir', dir]);
    expect(cli.stdout).toContain(`Audit log intact: ${total} rows verified; anchor at row ${total}.`);
    expect(cli.code).toBe(0);

    // The old rows can be re-sealed by anyone, but the anchor pinned the old chain's head.
    const forged = new Database(path.join(dir, 'gdial.db'));
    forged.prepare("UPDATE audit_log SET actor_name = 'någon annan' WHERE id = 2").run();
    plainReseal(forged, 2);
    forged.close();
    const after = await verify(dir);
    expect(after.code).toBe(1);
    expect(after.result).toMatchObject({ intact: false, firstBrokenId: rows, problem: `row ${rows} altered (it differs from ${ANCHOR_FILE})` });
  }, 60_000);

  it('an anchor left by a start that crashed before storing its key is set aside, not trusted', async () => {
    const dir = newDir();
    writeFileSync(path.join(dir, ANCHOR_FILE), '{"rows":5,"head":"x","at":"","keyedFrom":1,"mac":"00"}\n');
    t = await startTestEngine({ dataDir: dir });
    await t.signedIn('admin');
    await t.stop();
    t = null;
    expect(readdirSync(dir).filter((f) => f.startsWith(`${ANCHOR_FILE}.orphaned-`))).toHaveLength(1);
    expect(await verify(dir)).toMatchObject({ code: 0, result: { intact: true } });
  }, 60_000);

  it('without the key (a keyring store opened without the keyring) audited changes are refused and verify says why', async () => {
    const keyring: SecretCipher = {
      isEncryptionAvailable: () => true,
      encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (encrypted) => Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString('utf8'),
    };
    const dir = newDir();
    t = await startTestEngine({ dataDir: dir, secretCipher: keyring });
    await t.signedIn('admin');
    await t.stop();
    t = null;
    expect(JSON.parse(readFileSync(path.join(dir, SECRETS_FILE), 'utf8'))).toMatchObject({ protection: 'keyring' });

    t = await startTestEngine({ dataDir: dir });
    const admin = t.engine.connect('test');
    const login = await t.engine.router.call(admin, 'auth.login', { username: 'admin', password: 'correct horse battery' });
    expect(login).toMatchObject({ ok: false, error: { kind: 'unavailable', code: 'audit.key_unavailable' } });
    await t.stop();
    t = null;
    const out: string[] = [];
    const code = await auditVerify({ dataDir: dir, json: false }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(2);
    expect(out.join('\n')).toContain('The audit key cannot be read here');
    expect(existsSync(path.join(dir, ANCHOR_FILE))).toBe(true);

    // While the desktop engine (which has the keyring) runs, the CLI asks it instead.
    t = await startTestEngine({ dataDir: dir, secretCipher: keyring, port: 0 });
    const viaEngine = await runCliAsync(['audit', 'verify', '--data-dir', dir, '--json']);
    expect(viaEngine.code).toBe(0);
    expect(JSON.parse(viaEngine.stdout)).toMatchObject({ intact: true, firstBrokenId: null });
  }, 60_000);

  it('a restore from a backup is recorded, not reported as missing rows; without the replaced database it is', async () => {
    const dir = newDir();
    const backup = path.join(newDir(), 'before.db');
    t = await startTestEngine({ dataDir: dir });
    const admin = await t.signedIn('admin');
    await t.call(admin, 'templates.create', { name: 'Före', smsText: 'x' });
    await backupDatabase(databaseFile(dir), backup);
    for (let i = 0; i < 3; i++) await t.call(admin, 'templates.create', { name: `Efter ${i}`, smsText: 'x' });
    await t.stop();
    t = null;
    const rowsBefore = (await verify(dir)).result.rows!;

    // Without the kept database the rows are simply gone, and verify says so.
    const unproven = newDir();
    for (const f of ['gdial.db', SECRETS_FILE, ANCHOR_FILE]) writeFileSync(path.join(unproven, f), readFileSync(path.join(dir, f)));
    const restoredRows = (() => {
      const b = new Database(backup, { readonly: true });
      const n = (b.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
      b.close();
      return n;
    })();
    writeFileSync(path.join(unproven, 'gdial.db'), readFileSync(backup));
    t = await startTestEngine({ dataDir: unproven });
    await t.stop();
    t = null;
    // (The engine's own start may have written rows after the restored ones: then one differs from the anchored row.)
    const unprovenResult = (await verify(unproven)).result;
    expect(unprovenResult).toMatchObject({ intact: false, problem: expect.stringMatching(/ altered \(it differs from audit-anchor\.log\)| missing \(the anchor says /) });
    expect(unprovenResult.firstBrokenId).toBeGreaterThan(restoredRows);

    // `gdial restore` keeps the replaced database beside the new one: that proves the rows were set aside.
    const report = await restoreDatabase({ from: backup, dataDir: dir });
    expect(report.previousKeptAs).not.toBeNull();
    t = await startTestEngine({ dataDir: dir });
    const again = t.engine.connect('test');
    await t.call(again, 'auth.login', { username: 'admin', password: 'correct horse battery' });
    const [recorded] = await t.call(again, 'audit.list', { limit: 5, action: 'audit.restored' });
    expect(recorded).toMatchObject({ actorName: 'system', details: { rowsBefore, rowsNow: restoredRows, keptAs: path.basename(report.previousKeptAs!) } });
    await t.call(again, 'templates.create', { name: 'Efter återställning', smsText: 'x' });
    await t.stop();
    t = null;
    expect(await verify(dir)).toMatchObject({ code: 0, result: { intact: true } });
  }, 60_000);

  it('a keyed database that arrives without its key is sealed on with a new one, and verify says which rows it cannot check', async () => {
    const dir = newDir();
    t = await startTestEngine({ dataDir: dir });
    const admin = await t.signedIn('admin');
    await t.call(admin, 'templates.create', { name: 'Före flytt', smsText: 'x' });
    await t.stop();
    t = null;
    const rows = (await verify(dir)).result.rows!;
    // Moved to a new computer with gdial.db only (or the key was deleted).
    const secrets = JSON.parse(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')) as { values: Record<string, string> };
    delete secrets.values.auditKey;
    writeFileSync(path.join(dir, SECRETS_FILE), JSON.stringify(secrets), { mode: 0o600 });

    t = await startTestEngine({ dataDir: dir });
    const again = t.engine.connect('test');
    await t.call(again, 'auth.login', { username: 'admin', password: 'correct horse battery' });
    const [rekeyed] = await t.call(again, 'audit.list', { limit: 1, action: 'audit.rekeyed' });
    expect(rekeyed).toMatchObject({ id: rows + 1, details: { foreignRows: { from: 1, to: rows } } });
    await t.stop();
    t = null;
    const { code, result } = await verify(dir);
    expect(code).toBe(0);
    expect(result).toMatchObject({ intact: true, notice: expect.stringContaining(`rows 1–${rows} are sealed with an audit key this installation does not have`) });

    // The rows sealed from here on are as safe as ever.
    const db = new Database(path.join(dir, 'gdial.db'));
    db.prepare("UPDATE audit_log SET actor_name = 'x' WHERE id = ?").run(rows + 2);
    plainReseal(db, rows + 2);
    db.close();
    expect((await verify(dir)).result).toMatchObject({ intact: false, firstBrokenId: rows + 2 });
  }, 60_000);
});

/** The upgrade paths through the store, on both backends (the restore proof needs SQLite files: above). */
describe.each(testBackends())('audit key upgrade on $name', (backend) => {
  let f: AuditTrailFixture;
  beforeEach(async () => {
    f = await auditTrail(backend);
  });
  afterEach(() => f.close());

  it('an unkeyed chain verifies before and after keying, from a chained marker row that the anchor pins', async () => {
    await f.record(4); // no key yet: plain seals, as GDial before the key
    expect(await f.verify()).toMatchObject({ code: 0, result: { intact: true, checked: 4, anchorRows: null } });
    await f.start();
    await f.record(1, 'templates.update');
    await f.stop();
    const rows = await rowsOf(f.store);
    expect(rows[4]).toMatchObject({ id: 5, action: 'audit.key_introduced', actorName: 'system', details: JSON.stringify({ plainRows: 4 }) });
    expect(anchorLines(f.dataDir)[0]).toMatchObject({ rows: 4, keyedFrom: 5, event: 'keyed' });
    expect(await f.verify()).toMatchObject({ code: 0, result: { intact: true, checked: 6, anchorRows: 6 } });

    // The old rows can be re-sealed by anyone, but the anchor pinned the old chain's head.
    await f.store.run(sql`UPDATE audit_log SET actor_name = 'någon annan' WHERE id = 2`);
    await resealRows(f.store, 2, sha256);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 4, problem: `row 4 altered (it differs from ${ANCHOR_FILE})` });
  });

  it('a keyed chain that arrives without its key is sealed on with a new one, and verify says which rows it cannot check', async () => {
    await f.start();
    await f.record(3);
    await f.stop();
    const secretsFile = path.join(f.dataDir, SECRETS_FILE);
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as { values: Record<string, string> };
    delete secrets.values.auditKey;
    writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
    await f.start();
    await f.record(2);
    await f.stop();
    const rekeyed = (await rowsOf(f.store)).find((r) => r.action === 'audit.rekeyed');
    expect(rekeyed).toMatchObject({ id: 4, details: JSON.stringify({ foreignRows: { from: 1, to: 3 } }) });
    const { code, result } = await f.verify();
    expect(code).toBe(0);
    expect(result).toMatchObject({ intact: true, notice: expect.stringContaining('rows 1–3 are sealed with an audit key this installation does not have') });
    await f.store.run(sql`UPDATE audit_log SET actor_name = 'x' WHERE id = 5`);
    await resealRows(f.store, 5, sha256);
    expect((await f.verify()).result).toMatchObject({ intact: false, firstBrokenId: 5 });
  });

  it('without the key (a keyring store opened without the keyring) audited changes are refused and verify says why', async () => {
    const keyring: SecretCipher = {
      isEncryptionAvailable: () => true,
      encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (encrypted) => Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString('utf8'),
    };
    await f.start(keyring);
    await f.record(2);
    await f.stop();
    await f.start(null);
    await expect(f.store.unit((tx) => recordAudit(tx, ADMIN, { action: 'auth.login' }))).rejects.toMatchObject({ code: 'audit.key_unavailable' });
    expect(await verifyAuditChain(f.store)).toMatchObject({ intact: false, problem: expect.stringContaining('cannot be checked here') });
    await f.stop();
    // Without any engine's keying, a database that was ever keyed still gets no unkeyed row.
    await expect(f.store.unit((tx) => recordAudit(tx, ADMIN, { action: 'auth.login' }))).rejects.toMatchObject({ code: 'audit.key_unavailable' });
    expect((await rowsOf(f.store)).map((r) => r.action)).toEqual(['templates.create', 'templates.create']);
  });
});
