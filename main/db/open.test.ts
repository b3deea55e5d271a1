import Database from 'better-sqlite3';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findResourcesDir } from '../config/paths';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import { readKnownSchema } from './migrations';
import { openDatabase } from './open';

const realMigrations = path.join(findResourcesDir(), 'migrations');
const dirs: string[] = [];
const fresh = () => {
  const dir = tempDir('gdial-db-');
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach(removeDir));

/** A copy of the shipped migrations plus one more, as a future GDial version would ship it. */
function migrationsWithOneMore(dir: string): string {
  const folder = path.join(dir, 'migrations-next');
  cpSync(realMigrations, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  const last = journal.entries.at(-1);
  const tag = `${String(last.idx + 1).padStart(4, '0')}_future`;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag });
  writeFileSync(journalPath, JSON.stringify(journal));
  writeFileSync(path.join(folder, `${tag}.sql`), 'ALTER TABLE `contacts` ADD `future_column` text;');
  return folder;
}

describe('openDatabase', () => {
  it('migrates an empty directory to the shipped schema with the required pragmas', async () => {
    const dir = fresh();
    const file = path.join(dir, 'gdial.db');
    const opened = await openDatabase({ file, migrationsFolder: realMigrations });
    const { sqlite } = opened;
    expect(opened.schemaVersion).toBe(readKnownSchema(realMigrations).version);
    expect(opened.preMigrationBackup).toBeNull();
    expect(sqlite.pragma('user_version', { simple: true })).toBe(opened.schemaVersion);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((t) => t.name);
    for (const t of ['users', 'sessions', 'contacts', 'phone_numbers', 'groups', 'group_members', 'templates', 'alerts', 'alert_recipients', 'dispatch_attempts', 'carrier_events', 'responses', 'schedules', 'burn_messages', 'alert_audio', 'settings', 'audit_log']) {
      expect(tables).toContain(t);
    }
    sqlite.close();
  });

  it('copies the database before running a migration, and the copy holds the old data', async () => {
    const dir = fresh();
    const file = path.join(dir, 'gdial.db');
    const first = await openDatabase({ file, migrationsFolder: realMigrations });
    first.sqlite.prepare("INSERT INTO contacts (name, created_at, updated_at) VALUES ('Anna Berg', 1, 1)").run();
    first.sqlite.close();

    const next = migrationsWithOneMore(dir);
    const second = await openDatabase({ file, migrationsFolder: next });
    expect(second.schemaVersion).toBe(first.schemaVersion + 1);
    expect(second.preMigrationBackup).not.toBeNull();
    const columns = (second.sqlite.prepare('PRAGMA table_info(contacts)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('future_column');
    expect(second.sqlite.prepare('SELECT name FROM contacts').get()).toEqual({ name: 'Anna Berg' });
    second.sqlite.close();

    const copy = new Database(second.preMigrationBackup!, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(first.schemaVersion);
    expect(copy.prepare('SELECT name FROM contacts').get()).toEqual({ name: 'Anna Berg' });
    const copyColumns = (copy.prepare('PRAGMA table_info(contacts)').all() as { name: string }[]).map((c) => c.name);
    expect(copyColumns).not.toContain('future_column');
    copy.close();
  });

  it('does not copy when nothing needs migrating', async () => {
    const dir = fresh();
    const file = path.join(dir, 'gdial.db');
    (await openDatabase({ file, migrationsFolder: realMigrations })).sqlite.close();
    const again = await openDatabase({ file, migrationsFolder: realMigrations });
    expect(again.preMigrationBackup).toBeNull();
    again.sqlite.close();
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('refuses a database written by a newer GDial and leaves it byte-identical', async () => {
    const dir = fresh();
    const file = path.join(dir, 'gdial.db');
    // Written by "the next version": one migration more than this build ships.
    (await openDatabase({ file, migrationsFolder: migrationsWithOneMore(dir) })).sqlite.close();
    const before = readFileSync(file);

    await expect(openDatabase({ file, migrationsFolder: realMigrations })).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'db.too_new',
      message: expect.stringContaining('newer GDial'),
    });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('refuses a file that is not a database, with its name, and leaves it alone', async () => {
    const dir = fresh();
    const file = path.join(dir, 'gdial.db');
    writeFileSync(file, 'this is a spreadsheet, not a database'.repeat(100));
    const before = readFileSync(file);
    await expect(openDatabase({ file, migrationsFolder: realMigrations })).rejects.toMatchObject({
      code: 'db.not_a_database',
    });
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
