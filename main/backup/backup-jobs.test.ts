import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import { runBackupJob } from './backup-jobs';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

/** A rollback-journal database with enough pages that damage in the middle hits a b-tree page. */
function database(extra = ''): string {
  const dir = tempDir('gdial-backup-jobs-');
  dirs.push(dir);
  const file = path.join(dir, 'copy.db');
  const db = new Database(file);
  db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
    INSERT INTO notes (body) SELECT printf('%.700c', 'x') FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) SELECT i FROM n);
    ${extra}`);
  db.close();
  return file;
}

function damageMiddle(file: string) {
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  for (let page = Math.floor(bytes.length / pageSize / 4); page < (bytes.length / pageSize) * 0.75; page++) {
    for (let i = 0; i < 12; i++) bytes[page * pageSize + i]! ^= 0xa5;
  }
  writeFileSync(file, bytes);
}

describe('backup jobs run in a worker thread with their own connection', () => {
  it('integrity_check of a sound copy says ok, from another thread', async () => {
    const done = await runBackupJob({ op: 'prove-copy', file: database() });
    expect(done.value).toBe('ok');
    expect(done.threadId).not.toBe(threadId);
    expect(done.threadId).toBeGreaterThan(0);
  });

  it('integrity_check in the worker still finds a damaged copy', async () => {
    const file = database();
    damageMiddle(file);
    const done: unknown = await runBackupJob({ op: 'prove-copy', file }).catch((e: unknown) => e);
    // Damage either fails the check or stops SQLite reading the file at all: never "ok".
    if (done instanceof Error) expect(done.message).toMatch(/malformed|corrupt|not a database/i);
    else expect((done as { value: string }).value).not.toBe('ok');
  });

  it('a restore check refused in the worker arrives as the same AppError (kind, code, params)', async () => {
    const file = database();
    damageMiddle(file);
    const error = await runBackupJob({ op: 'verify', file, label: '/x/backup.db', migrationsFolder: path.resolve('resources/migrations') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'validation', code: 'restore.corrupt', params: { file: '/x/backup.db' } });
    expect((error as Error).message).toMatch(/is damaged/);
  });

  it('scrubs a burned text out of the file bytes, in another thread', async () => {
    const file = database(`
      CREATE TABLE alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, launch_key TEXT NOT NULL UNIQUE, content_sha256 TEXT, voice_text TEXT NOT NULL, sms_text TEXT NOT NULL, state TEXT NOT NULL, finished_at INTEGER);
      CREATE TABLE burn_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL, burn_after TEXT NOT NULL, burn_at INTEGER, content_sha256 TEXT NOT NULL, created_at INTEGER NOT NULL, burned_at INTEGER, burned_by INTEGER);
      INSERT INTO alerts (launch_key, content_sha256, voice_text, sms_text, state) VALUES ('k1', 'h1', 'Hemligt Zebra4711', 'Zebra4711 sms', 'running');`);
    expect(readFileSync(file).includes('Zebra4711')).toBe(true);
    const done = await runBackupJob({ op: 'scrub', file, burned: [{ launchKey: 'k1', contentSha256: 'h1', burnedAt: 1, burnedBy: null }] });
    expect(done).toMatchObject({ value: 1 });
    expect(done.threadId).not.toBe(threadId);
    expect(readFileSync(file).includes('Zebra4711')).toBe(false);
  });

  it('a job that fails in the worker rejects with its reason; the next job runs', async () => {
    const missing = path.join(tempDir('gdial-backup-jobs-'), 'nope.db');
    dirs.push(path.dirname(missing));
    await expect(runBackupJob({ op: 'prove-copy', file: missing })).rejects.toThrow(/unable to open|does not exist|no such file/i);
    expect((await runBackupJob({ op: 'prove-copy', file: database() })).value).toBe('ok');
  });
});
