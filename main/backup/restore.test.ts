import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, findResourcesDir } from '../config/paths';
import { readKnownSchema } from '../db/migrations';
import { AppError } from '../errors';
import { PASSWORD, removeDir, startTestEngine, tempDir, type TestEngine } from '../test-support/engine-fixture';
import { runCli } from '../test-support/run-node';
import { BackupService } from './backup-service';
import { restoreDatabase } from './restore';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Site {
  root: string;
  dataDir: string;
  backupDir: string;
  live: string;
}

function site(): Site {
  const root = tempDir('gdial-restore-');
  cleanups.push(() => removeDir(root));
  const dataDir = path.join(root, 'data');
  return { root, dataDir, backupDir: path.join(root, 'backups'), live: path.join(dataDir, DATABASE_FILE) };
}

async function engineOn(s: Site): Promise<TestEngine> {
  const t = await startTestEngine({ dataDir: s.dataDir });
  cleanups.push(() => t.stop());
  return t;
}

/** The admin: signs in when the database already has one (a second engine on the same directory). */
async function admin(t: TestEngine) {
  const conn = t.engine.connect('test');
  const login = await t.engine.router.call(conn, 'auth.login', { username: 'admin', password: PASSWORD });
  return login.ok ? conn : t.signedIn('admin');
}

let nextNumber = 1000;
async function addContact(t: TestEngine, name: string) {
  const number = `070-123 ${nextNumber++}`;
  await t.call(await admin(t), 'contacts.create', { name, numbers: [{ number }], notes: 'x'.repeat(2000) });
}

async function contactNames(t: TestEngine): Promise<string[]> {
  return (await t.call(await admin(t), 'contacts.list', {})).rows.map((r) => r.name).sort();
}

/** An engine that wrote some contacts, backed up by BackupService, then stopped. Returns the backup. */
async function backedUp(s: Site, names: string[]): Promise<string> {
  const t = await engineOn(s);
  for (const name of names) await addContact(t, name);
  const svc = new BackupService({
    databasePath: s.live,
    dir: () => s.backupDir,
    keep: () => 5,
    everyHours: () => 0,
    log: pino({ level: 'silent' }),
  });
  const entry = await svc.run('manual');
  await t.stop();
  return path.join(s.backupDir, entry.fileName);
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What a refused restore must leave: the same database bytes and the same files in the data directory. */
function snapshot(s: Site) {
  return { hash: sha(s.live), files: readdirSync(s.dataDir).sort() };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('restoreDatabase', () => {
  it('brings back exactly the backed-up data and keeps the replaced database', async () => {
    const s = site();
    const t = await engineOn(s);
    await addContact(t, 'Anna Före');
    const svc = new BackupService({ databasePath: s.live, dir: () => s.backupDir, keep: () => 5, everyHours: () => 0, log: pino({ level: 'silent' }) });
    const entry = await svc.run('manual'); // while the engine runs, as the schedule does
    await addContact(t, 'Bo Efter');
    await t.stop();

    const report = await restoreDatabase({ from: path.join(s.backupDir, entry.fileName), dataDir: s.dataDir });
    const known = readKnownSchema(path.join(findResourcesDir(), 'migrations')).version;
    expect(report).toMatchObject({
      databasePath: s.live,
      integrity: 'ok',
      schemaVersion: known,
      knownSchemaVersion: known,
      migratesOnStart: false,
      previousSidecarsKeptAs: [],
    });
    expect(report.previousKeptAs).toMatch(/gdial\.db\.before-restore-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(readdirSync(s.dataDir).filter((f) => f.includes('restoring'))).toEqual([]);

    // The kept file still holds what was written after the backup.
    const kept = new Database(report.previousKeptAs!, { readonly: true });
    expect((kept.prepare('SELECT name FROM contacts ORDER BY name').all() as { name: string }[]).map((r) => r.name)).toEqual([
      'Anna Före',
      'Bo Efter',
    ]);
    kept.close();

    const again = await engineOn(s);
    expect(await contactNames(again)).toEqual(['Anna Före']);
    // And the restore shows in the backup list, for an admin who wants to undo it.
    expect(new BackupService({ databasePath: s.live, dir: () => s.backupDir, keep: () => 5, everyHours: () => 0, log: pino({ level: 'silent' }) }).list().map((e) => e.trigger)).toEqual([
      'before_restore',
      'manual',
    ]);
  });

  it.each([
    ['bytes flipped in the middle', (file: string) => {
      const bytes = readFileSync(file);
      const pageSize = bytes.readUInt16BE(16);
      // Scribble over the b-tree page headers of the middle pages: damage integrity_check must see.
      for (let page = Math.floor(bytes.length / pageSize / 4); page < (bytes.length / pageSize) * 0.75; page++) {
        for (let i = 0; i < 12; i++) bytes[page * pageSize + i]! ^= 0xa5;
      }
      writeFileSync(file, bytes);
    }],
    ['one page scribbled over', (file: string) => {
      const bytes = readFileSync(file);
      const pageSize = bytes.readUInt16BE(16);
      const page = Math.floor(bytes.length / pageSize / 2);
      for (let i = 0; i < 12; i++) bytes[page * pageSize + i]! ^= 0xa5;
      writeFileSync(file, bytes);
    }],
    ['truncated', (file: string) => truncateSync(file, Math.floor(readFileSync(file).length / 2) + 100)],
  ])('refuses a corrupted backup (%s) and changes nothing', async (_, damage) => {
    const s = site();
    const backup = await backedUp(s, ['Anna', 'Bo', 'Cecilia', 'David', 'Eva']);
    const t = await engineOn(s);
    await addContact(t, 'Fredrik');
    await t.stop();
    damage(backup);
    const before = snapshot(s);

    const error = await refusal(restoreDatabase({ from: backup, dataDir: s.dataDir }));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/is damaged: (integrity_check says|SQLite cannot read it)/);
    expect(error.message).toContain('nothing was changed');
    expect(snapshot(s)).toEqual(before);
    expect((await contactNames(await engineOn(s))).length).toBe(6);
  });

  it('refuses a file that is not a GDial database, or no database at all', async () => {
    const s = site();
    await backedUp(s, ['Anna']);
    const before = snapshot(s);

    const foreign = path.join(s.root, 'foreign.db');
    const db = new Database(foreign);
    db.exec("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('kanelbulle')");
    db.close();
    const notGdial = await refusal(restoreDatabase({ from: foreign, dataDir: s.dataDir }));
    expect(notGdial.message).toMatch(/is a SQLite database but not a GDial database .*nothing was changed/);

    const text = path.join(s.root, 'kontakter.csv');
    writeFileSync(text, 'namn;mobil\n'.repeat(1000));
    expect((await refusal(restoreDatabase({ from: text, dataDir: s.dataDir }))).message).toMatch(/is not a SQLite database/);

    const missing = await refusal(restoreDatabase({ from: path.join(s.root, 'nope.db'), dataDir: s.dataDir }));
    expect(missing.kind).toBe('not_found');
    expect(snapshot(s)).toEqual(before);
  });

  it('refuses a backup written by a newer GDial', async () => {
    const s = site();
    const backup = await backedUp(s, ['Anna']);
    const known = readKnownSchema(path.join(findResourcesDir(), 'migrations'));
    const newer = new Database(backup);
    newer.pragma(`user_version = ${known.version + 1}`);
    newer.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', known.newestMillis + 60_000);
    newer.close();
    const before = snapshot(s);

    const error = await refusal(restoreDatabase({ from: backup, dataDir: s.dataDir }));
    expect(error.message).toContain(`was written by a newer GDial (schema ${known.version + 1}, this version knows ${known.version})`);
    expect(snapshot(s)).toEqual(before);
  });

  it('refuses while an engine holds the data directory', async () => {
    const s = site();
    const backup = await backedUp(s, ['Anna']);
    const t = await engineOn(s);
    await addContact(t, 'Bo');
    const files = readdirSync(s.dataDir).sort();

    const error = await refusal(restoreDatabase({ from: backup, dataDir: s.dataDir }));
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(/is running on .*Close it before restoring a backup; nothing was changed/);
    expect(readdirSync(s.dataDir).sort()).toEqual(files);
    expect(await contactNames(t)).toEqual(['Anna', 'Bo']);
  });

  it('restores into a data directory that has no database yet', async () => {
    const s = site();
    const backup = await backedUp(s, ['Anna']);
    const fresh = path.join(s.root, 'fresh');
    copyFileSync(backup, path.join(s.root, 'copy.db'));
    mkdirSync(fresh);
    const report = await restoreDatabase({ from: path.join(s.root, 'copy.db'), dataDir: fresh });
    expect(report.previousKeptAs).toBeNull();
    expect(existsSync(path.join(fresh, DATABASE_FILE))).toBe(true);
    expect(existsSync(path.join(fresh, 'gdial.lock'))).toBe(false);
  });
});

describe('gdial restore', () => {
  it('restores, prints what it did and exits 0; refuses with exit 2 while GDial runs', async () => {
    const s = site();
    const backup = await backedUp(s, ['Anna']);
    const t = await engineOn(s);
    await addContact(t, 'Bo');

    const busy = runCli(['restore', '--from', backup, '--data-dir', s.dataDir]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/gdial: GDial \(pid \d+\) is running on .*Close it before restoring a backup; nothing was changed/);
    await t.stop();

    const missingFrom = runCli(['restore', '--data-dir', s.dataDir]);
    expect(missingFrom.code).toBe(2);
    expect(missingFrom.stderr).toContain('restore needs --from <backup file>');

    const done = runCli(['restore', '--from', backup, '--data-dir', s.dataDir]);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`Restored ${backup} into ${s.live}`);
    expect(done.stdout).toMatch(/Backup verified: integrity_check ok, GDial schema \d+/);
    expect(done.stdout).toMatch(/The database it replaced is kept as .*gdial\.db\.before-restore-/);
    expect(await contactNames(await engineOn(s))).toEqual(['Anna']);
  });

  it('refuses a damaged backup with exit 2 and says nothing was changed', async () => {
    const s = site();
    const backup = await backedUp(s, ['Anna']);
    truncateSync(backup, 1000);
    const before = snapshot(s);
    const result = runCli(['restore', '--from', backup, '--data-dir', s.dataDir, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gdial: .* nothing was changed\.$/m);
    expect(snapshot(s)).toEqual(before);
  });
});
