import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../contract';
import { healthOf } from '../dashboard/health';
import { testBackends } from '../test-support/backends';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import { seedLedger } from '../test-support/report-ledger';
import { BackupService, type BackupServiceOptions } from './backup-service';
import { burnedAlerts } from './backup-store';
import type { BurnedAlert } from './scrub-burned';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-26T10:00:00.000Z');
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A WAL database with a few pages of data, like the engine's. */
function liveDatabase(): { dataDir: string; databasePath: string; backupDir: string } {
  const dataDir = tempDir('gdial-backup-svc-');
  cleanups.push(() => removeDir(dataDir));
  const databasePath = path.join(dataDir, 'gdial.db');
  const db = new Database(databasePath);
  db.pragma('journal_mode = WAL');
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) SELECT printf('%.500c', 'x') FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n);");
  cleanups.push(() => db.close()); // kept open, as the engine keeps it
  return { dataDir, databasePath, backupDir: path.join(dataDir, 'backups') };
}

async function waitFor(condition: () => boolean, ms = 5_000) {
  for (const end = Date.now() + ms; !condition(); ) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function service(over: Partial<BackupServiceOptions> & { databasePath: string; backupDir: string }) {
  const lines: Array<{ msg: string; trigger?: string }> = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  const clock = { ms: T0 };
  const svc = new BackupService({
    dir: () => over.backupDir,
    keep: () => 3,
    everyHours: () => 24,
    now: () => clock.ms,
    log,
    ...over,
  });
  cleanups.push(() => svc.stop());
  return { svc, lines, clock };
}

describe('BackupService', () => {
  it('makes a verified, self-contained backup named by time and trigger, and lists it', async () => {
    const live = liveDatabase();
    const seen: string[] = [];
    const { svc } = service({ ...live, onBackup: (e) => seen.push(e.fileName) });
    expect(svc.list()).toEqual([]);
    expect(svc.last()).toBeNull();

    const entry = await svc.run('manual');
    expect(entry).toMatchObject({ fileName: 'gdial-2026-11-26T10-00-00-000Z-manual.db', at: '2026-11-26T10:00:00.000Z', verified: true, trigger: 'manual' });
    expect(seen).toEqual([entry.fileName]);
    expect(svc.list()).toEqual([entry]);
    expect(svc.last()).toEqual(entry);
    // One file, nothing beside it: no .partial, no -wal/-shm from the integrity check.
    expect(readdirSync(live.backupDir)).toEqual([entry.fileName]);
    const copy = new Database(path.join(live.backupDir, entry.fileName), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT COUNT(*) AS n FROM notes').get()).toEqual({ n: 200 });
    copy.close();
    expect(readdirSync(live.backupDir)).toEqual([entry.fileName]);
  });

  it('lists what it does not make but an admin may restore from, and ignores everything else', async () => {
    const live = liveDatabase();
    const { svc } = service(live);
    await svc.run('scheduled');
    writeFileSync(path.join(live.backupDir, 'gdial-before-migration-v3-to-v5-2026-11-20T08-00-00-000Z.db'), 'x');
    writeFileSync(path.join(live.dataDir, 'gdial.db.before-restore-2026-11-27T08-00-00-000Z'), 'y');
    writeFileSync(path.join(live.backupDir, 'gdial-2026-11-28T10-00-00-000Z-manual.db.partial'), 'half');
    writeFileSync(path.join(live.backupDir, 'notes.txt'), 'hej');
    expect(svc.list().map((e) => [e.trigger, e.verified])).toEqual([
      ['before_restore', false],
      ['scheduled', true],
      ['before_migration', false],
    ]);
    expect(svc.last()?.trigger).toBe('scheduled');
  });

  it('keeps the newest `keep` scheduled backups and every manual one', async () => {
    const live = liveDatabase();
    const { svc, clock } = service(live);
    const manual = await svc.run('manual');
    const scheduled = [];
    for (let i = 0; i < 5; i++) {
      clock.ms += HOUR;
      scheduled.push(await svc.run('scheduled'));
    }
    const names = svc.list().map((e) => e.fileName);
    expect(names).toEqual([scheduled[4]!.fileName, scheduled[3]!.fileName, scheduled[2]!.fileName, manual.fileName]);
    expect(existsSync(path.join(live.backupDir, scheduled[0]!.fileName))).toBe(false);
  });

  it('catches up once after a long gap, not once per missed interval', async () => {
    const live = liveDatabase();
    const { svc, clock } = service(live);
    expect((await svc.runIfDue())?.trigger).toBe('scheduled'); // none yet: due at once
    expect(await svc.runIfDue()).toBeNull();
    clock.ms += 23 * HOUR;
    expect(await svc.runIfDue()).toBeNull();
    await svc.run('manual'); // a manual backup does not move the schedule
    clock.ms += HOUR;
    expect((await svc.runIfDue())?.at).toBe(new Date(T0 + 24 * HOUR).toISOString());

    clock.ms += 10 * 24 * HOUR; // the machine was off for ten days
    expect(await svc.runIfDue()).not.toBeNull();
    expect(await svc.runIfDue()).toBeNull();
    expect(svc.list().filter((e) => e.trigger === 'scheduled')).toHaveLength(3);
  });

  it('the timer checks at start and then periodically, one backup per due interval', async () => {
    const live = liveDatabase();
    const { svc, clock } = service({ ...live, checkEveryMs: 10 });
    svc.start();
    await waitFor(() => svc.list().length === 1);
    clock.ms += 30 * 24 * HOUR;
    await waitFor(() => svc.list().length === 2);
    await new Promise((r) => setTimeout(r, 100)); // ten more checks: none is due
    await svc.stop();
    expect(svc.list()).toHaveLength(2);
  });

  it('never makes two backups at once, and skips a check while one runs', async () => {
    const live = liveDatabase();
    const { svc, lines } = service(live);
    const runs = [svc.run('manual'), svc.run('manual'), svc.run('scheduled')];
    expect(svc.busy()).toBe(true);
    expect(await svc.runIfDue()).toBeNull();
    const entries = await Promise.all(runs);
    expect(new Set(entries.map((e) => e.fileName)).size).toBe(3);
    const sequence = lines.filter((l) => /^backup (started|kept)/.test(l.msg)).map((l) => l.msg.split(' ')[1]);
    expect(sequence).toEqual(['started', 'kept', 'started', 'kept', 'started', 'kept']);
    expect(svc.busy()).toBe(false);
  });

  it('records a failure instead of throwing from the schedule, and clears it on success', async () => {
    const live = liveDatabase();
    const { svc } = service({ ...live, databasePath: path.join(live.dataDir, 'missing.db'), checkEveryMs: 10 });
    svc.start();
    await waitFor(() => svc.lastError() !== null);
    expect(svc.lastError()).toMatchObject({ trigger: 'scheduled', message: expect.stringContaining('There is no database') });
    await svc.stop();
    await expect(svc.run('manual')).rejects.toThrow(/no database/);
    expect(svc.list()).toEqual([]);

    const ok = service(live).svc;
    await expect(ok.run('manual')).resolves.toMatchObject({ verified: true });
    expect(ok.lastError()).toBeNull();
  });

  it('does nothing on schedule when switched off or postponed', async () => {
    const live = liveDatabase();
    expect(await service({ ...live, everyHours: () => 0 }).svc.runIfDue()).toBeNull();
    let alertRunning = true;
    const { svc } = service({ ...live, postpone: () => alertRunning });
    expect(await svc.runIfDue()).toBeNull();
    alertRunning = false;
    expect(await svc.runIfDue()).not.toBeNull();
  });

  it('removes at start the copies a crash left half-written, and nothing else', async () => {
    const live = liveDatabase();
    mkdirSync(live.backupDir, { recursive: true });
    const partial = path.join(live.backupDir, 'gdial-2026-11-25T10-00-00-000Z-scheduled.db.partial');
    const scratch = path.join(live.dataDir, 'gdial.db.restoring-2026-11-25T10-00-00-000Z');
    const kept = path.join(live.backupDir, 'notes.db.partial'); // not a name GDial writes
    for (const f of [partial, `${partial}-wal`, scratch, kept]) writeFileSync(f, 'x');
    const { svc } = service({ ...live, everyHours: () => 0 });
    svc.start();
    expect([partial, `${partial}-wal`, scratch].filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(kept)).toBe(true);
    expect(existsSync(live.databasePath)).toBe(true);
  });

  it('applies burns to every backup: text erased, alert marked burned and stopped; only backups that need it are written; a broken file does not stop the rest', async () => {
    const live = liveDatabase();
    const db = new Database(live.databasePath);
    cleanups.push(() => db.close());
    // The columns of GDial's schema a burn touches.
    db.exec(`CREATE TABLE alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, launch_key TEXT NOT NULL UNIQUE, content_sha256 TEXT, voice_text TEXT NOT NULL, sms_text TEXT NOT NULL, state TEXT NOT NULL, finished_at INTEGER);
      CREATE TABLE burn_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL, burn_after TEXT NOT NULL, burn_at INTEGER, content_sha256 TEXT NOT NULL, created_at INTEGER NOT NULL, burned_at INTEGER, burned_by INTEGER);
      INSERT INTO alerts (launch_key, content_sha256, voice_text, sms_text, state) VALUES
        ('hemligt-larm', 'h1', 'Hemligt Zebra4711', 'Hemligt Zebra4711 sms', 'running'),
        ('vanligt-larm', 'h2', 'Vanligt Okapi2210', '', 'completed');`);
    const burned: BurnedAlert[] = [];
    // Backups go to a folder of the admin's choice; GDial's own folder still holds older copies.
    const chosen = path.join(live.dataDir, 'valda-kopior');
    const { svc, lines, clock } = service({ ...live, backupDir: chosen, burnedAlerts: () => burned });
    const first = await svc.run('manual');
    clock.ms += HOUR;
    const second = await svc.run('scheduled');
    mkdirSync(live.backupDir, { recursive: true });
    const older = path.join(live.backupDir, 'gdial-before-migration-v3-to-v4-2026-11-01T00-00-00-000Z.db');
    copyFileSync(path.join(chosen, first.fileName), older);
    writeFileSync(path.join(chosen, 'gdial-2026-01-01T00-00-00-000Z-manual.db'), 'not a database at all');
    const copies = [path.join(chosen, first.fileName), path.join(chosen, second.fileName), older];
    expect(readFileSync(copies[0]!).includes('Zebra4711')).toBe(true);

    expect(await svc.scrubBurned()).toBe(0); // nothing burned yet: nothing opened for writing
    // An alert that merely reuses the id (after a restore) is not the burned one: matched by launch key.
    burned.push({ launchKey: 'annat-larm-samma-id', contentSha256: 'h1', burnedAt: T0, burnedBy: 7 });
    expect(await svc.scrubBurned()).toBe(0);
    burned.push({ launchKey: 'hemligt-larm', contentSha256: 'h1', burnedAt: T0, burnedBy: 7 });
    expect(await svc.scrubBurned()).toBe(3);
    for (const copy of copies) {
      const bytes = readFileSync(copy);
      expect(bytes.includes('Zebra4711')).toBe(false);
      expect(bytes.includes('Okapi2210')).toBe(true);
      expect(existsSync(`${copy}-wal`)).toBe(false);
      const backup = new Database(copy, { readonly: true });
      expect(backup.prepare("SELECT state, finished_at FROM alerts WHERE launch_key = 'hemligt-larm'").get()).toEqual({ state: 'canceled', finished_at: T0 });
      expect(backup.prepare('SELECT alert_id, burned_at, burned_by FROM burn_messages').all()).toEqual([{ alert_id: 1, burned_at: T0, burned_by: 7 }]);
      backup.close();
    }
    expect(lines.some((l) => l.msg.startsWith('could not apply a burn to a backup'))).toBe(true);
    const untouched = statSync(copies[0]!).mtimeMs;
    expect(await svc.scrubBurned()).toBe(0);
    expect(statSync(copies[0]!).mtimeMs).toBe(untouched);
  });
});

// On PostgreSQL, backups and restore are the database's own (pg_dump, point-in-time recovery):
// GDial refuses to pretend, and touches neither files nor the database.
describe.each(testBackends().filter((b) => b.name === 'postgres'))('BackupService on $name', (backend) => {
  it('makes no backups, refuses one asked for by naming pg_dump and point-in-time recovery, and changes nothing', async () => {
    const opened = await backend.open();
    cleanups.push(() => opened.close());
    const { store } = opened;
    // A burned alert, as the scrub would look for.
    const { alertId } = await seedLedger(store, { title: 'Brand', createdAt: T0 }, [{ name: 'A', attempts: [] }]);
    await store.run(sql`INSERT INTO burn_messages (alert_id, burn_after, burn_at, content_sha256, created_at, burned_at, burned_by)
      VALUES (${alertId}, 'time', ${T0}, 'abc', ${T0}, ${T0}, NULL)`);
    expect(await burnedAlerts(store)).toEqual([{ launchKey: expect.any(String), contentSha256: null, burnedAt: T0, burnedBy: null }]);
    const rowsBefore = await store.all(sql`SELECT id AS "id", state AS "state", voice_text AS "voiceText" FROM alerts ORDER BY id`);

    const dataDir = tempDir('gdial-backup-pg-');
    cleanups.push(() => removeDir(dataDir));
    const backupDir = path.join(dataDir, 'backups');
    let asked = 0;
    const { svc, lines } = service({
      databasePath: path.join(dataDir, 'gdial.db'),
      backupDir,
      database: store.info,
      everyHours: () => 1,
      burnedAlerts: () => {
        asked++;
        return burnedAlerts(store);
      },
    });

    expect(svc.byDatabase()).toBe(true);
    svc.start();
    expect(lines.some((l) => /pg_dump/.test(l.msg) && /PITR/.test(l.msg))).toBe(true);
    const refusal = { kind: 'unavailable', code: 'backup.postgres_own', message: expect.stringMatching(/pg_dump.*point-in-time recovery/s) };
    await expect(svc.run('manual')).rejects.toMatchObject(refusal);
    await expect(svc.run('scheduled')).rejects.toMatchObject(refusal);
    expect(() => svc.list()).toThrow(expect.objectContaining({ code: 'backup.postgres_own' }));
    expect(await svc.runIfDue()).toBeNull();
    expect(await svc.scrubBurned()).toBe(0);
    expect(asked).toBe(0);
    expect(svc.last()).toBeNull();
    expect(svc.lastError()).toBeNull();
    expect(svc.busy()).toBe(false);
    await svc.stop();

    // Nothing written: no backup folder, no file in the data directory, the rows as they were.
    expect(existsSync(backupDir)).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
    expect(await store.all(sql`SELECT id AS "id", state AS "state", voice_text AS "voiceText" FROM alerts ORDER BY id`)).toEqual(rowsBefore);

    // The console's health line says the same.
    const health = healthOf({
      settings: settingsSchema.parse({}),
      liveCarrier: 'simulator',
      carrierConfigured: true,
      waitingForUplink: false,
      webhooks: { state: 'ok' } as never,
      ttsFallback: null,
      lastBackup: svc.last(),
      backupError: null,
      backupsByDatabase: svc.byDatabase(),
      now: T0,
    }).find((h) => h.key === 'backup');
    expect(health).toMatchObject({ state: 'ok', code: 'backup.postgres_own', detail: 'PostgreSQL: säkerhetskopior görs med databasens egna verktyg (pg_dump, PITR)' });
  });
});
