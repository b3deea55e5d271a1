/**
 * Scheduled and on-demand online backups into the backup folder, with retention. The schedule is
 * a check every few minutes ("is the newest scheduled backup older than backupEveryHours?"), not
 * a timer per backup, so a machine that was off for a week makes one backup when it wakes, not seven.
 * These are copies of the SQLite file. On PostgreSQL backups are the database's own (pg_dump,
 * point-in-time recovery): no schedule runs, and a backup asked for is refused saying so
 * (postgres-backups.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BackupEntry } from '../contract';
import type { DatabaseInfo } from '../db/store';
import type { Logger } from '../log';
import { backupFileName, leftoverCopies, scanBackups, type FoundBackup } from './backup-files';
import { backupDatabase, removeWithSidecars } from './online-backup';
import { ownBackupsApply, postgresOwnsBackups, POSTGRES_BACKUPS_TEXT } from './postgres-backups';
import { runBackupJob } from './backup-jobs';
import type { BurnedAlert } from './scrub-burned';

export interface BackupServiceOptions {
  /** The live database (`<data-dir>/gdial.db`). */
  databasePath: string;
  /** The database in use (the store's info); SQLite when absent. On PostgreSQL GDial makes no backups of its own. */
  database?: Pick<DatabaseInfo, 'dialect' | 'location'>;
  /** The backup folder: settings.backupDir, or `<data-dir>/backups` when that is empty. Read at each use. */
  dir: () => string;
  /** How many scheduled backups to keep (settings.backupKeep). */
  keep: () => number;
  /** Hours between scheduled backups; 0 turns the schedule off (settings.backupEveryHours). */
  everyHours: () => number;
  nativeBinding?: string;
  now?: () => number;
  log: Logger;
  /** Told of every backup kept (to audit it, refresh the dashboard); awaited when it answers a promise. */
  onBackup?: (entry: BackupEntry) => unknown;
  /** While this says true, a due scheduled backup waits for the next check (e.g. while an alert dispatches). */
  postpone?: () => boolean | Promise<boolean>;
  /** How often the schedule looks whether a backup is due; default 5 minutes. */
  checkEveryMs?: number;
  /** The alerts whose message was burned: the burn is applied in every backup too. */
  burnedAlerts?: () => BurnedAlert[] | Promise<BurnedAlert[]>;
}

export interface BackupFailure {
  at: string;
  trigger: 'scheduled' | 'manual';
  message: string;
}

const SCHEDULED_OR_MANUAL = new Set(['scheduled', 'manual'] as const);
const HOUR_MS = 3_600_000;

function entryOf(found: FoundBackup): BackupEntry {
  return { fileName: found.fileName, at: found.at, bytes: found.bytes, verified: found.verified, trigger: found.trigger };
}

export class BackupService {
  private readonly now: () => number;
  private readonly log: Logger;
  /** The backup in progress (or the queue of them): backups never run two at once. */
  private chain: Promise<unknown> = Promise.resolve();
  private running = 0;
  private timer: NodeJS.Timeout | null = null;
  private failure: BackupFailure | null = null;
  private stopped = false;
  /** A scrub waiting behind a backup; burns meanwhile join it. */
  private scrubQueued: Promise<number> | null = null;

  /** False on PostgreSQL: its backups are the database's own. */
  private readonly ours: boolean;

  constructor(private readonly opts: BackupServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log.child({ module: 'backup' });
    this.ours = ownBackupsApply(opts.database?.dialect ?? 'sqlite');
  }

  /** True when the database makes its own backups (PostgreSQL) and GDial makes none. */
  byDatabase(): boolean {
    return !this.ours;
  }

  /**
   * Every backup an admin may restore from, newest first: scheduled and manual ones and the
   * copies taken before a migration in the backup folder, and the copies a restore kept of the
   * database it replaced (beside the database).
   */
  list(): BackupEntry[] {
    if (!this.ours) throw postgresOwnsBackups('list', this.opts.database!.location);
    const dir = path.resolve(this.opts.dir());
    const dataDir = path.dirname(path.resolve(this.opts.databasePath));
    return this.found([
      [dir, new Set(['scheduled', 'manual', 'before_migration'])],
      [dataDir, new Set(['before_restore'])],
    ]).map(entryOf);
  }

  /**
   * Every copy a burn must reach: the list's, and those in GDial's own backup folder too (copies
   * taken before a migration always land there, and backups made before another folder was chosen).
   */
  private allCopies(): FoundBackup[] {
    const dataDir = path.dirname(path.resolve(this.opts.databasePath));
    const ours = new Set(['scheduled', 'manual', 'before_migration'] as const);
    return this.found([
      [path.resolve(this.opts.dir()), ours],
      [path.join(dataDir, 'backups'), ours],
      [dataDir, new Set(['before_restore'])],
    ]);
  }

  /** The backups in these folders, each file once, newest first. */
  private found(where: Array<[string, ReadonlySet<FoundBackup['trigger']>]>): FoundBackup[] {
    const byPath = new Map<string, FoundBackup>();
    for (const [dir, only] of where) for (const b of scanBackups(dir, only)) byPath.set(b.path, b);
    return [...byPath.values()].sort((a, b) => b.atMs - a.atMs || a.fileName.localeCompare(b.fileName));
  }

  /**
   * Erases burned messages' text from every backup (scrub-burned.ts); resolves to how many
   * backups held some. Queued behind any backup in progress, so a copy that was being made while
   * the burn happened is scrubbed too. A backup that cannot be opened is logged and tried again
   * at the next scrub (each burn, each schedule check, each start).
   */
  scrubBurned(): Promise<number> {
    // On PostgreSQL GDial keeps no copies to scrub (what the database's own backups keep: README).
    if (this.stopped || !this.ours) return Promise.resolve(0);
    // Burns close together need one pass: a scrub still waiting covers them all.
    if (this.scrubQueued) return this.scrubQueued;
    const next = this.chain.then(() => {
      this.scrubQueued = null;
      return this.scrubAll();
    });
    this.scrubQueued = next;
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Never throws: a failure is logged, and the files still needing it are tried at the next scrub. */
  private async scrubAll(): Promise<number> {
    let scrubbed = 0;
    try {
      const burned = (await this.opts.burnedAlerts?.()) ?? [];
      if (burned.length === 0) return 0;
      for (const backup of this.allCopies()) scrubbed += await this.scrubOne(backup.path, burned);
    } catch (error) {
      this.log.error({ err: error }, 'could not look up the burned alerts for the backups; trying again later');
    }
    return scrubbed;
  }

  /** 1 when the backup held something of a burned alert (now erased), else 0. In a worker thread (backup-jobs.ts). */
  private async scrubOne(file: string, burned: BurnedAlert[]): Promise<number> {
    try {
      const { value: alerts } = await runBackupJob({ op: 'scrub', file, burned, nativeBinding: this.opts.nativeBinding });
      if (alerts > 0) this.log.info({ file, alerts }, 'burn applied to a backup');
      return alerts > 0 ? 1 : 0;
    } catch (error) {
      this.log.error({ err: error, file }, 'could not apply a burn to a backup; trying again later');
      return 0;
    }
  }

  /** Copies a crash left half-written (a backup, a restore's scratch): nothing else removes them. */
  private removeLeftovers(): void {
    const dataDir = path.dirname(path.resolve(this.opts.databasePath));
    const dirs = new Set([path.resolve(this.opts.dir()), path.join(dataDir, 'backups'), dataDir]);
    for (const file of [...dirs].flatMap(leftoverCopies)) {
      try {
        removeWithSidecars(file);
        this.log.info({ file }, 'removed a copy a crash left behind');
      } catch (error) {
        this.log.warn({ err: error, file }, 'could not remove a copy a crash left behind');
      }
    }
  }

  /** The newest verified (scheduled or manual) backup, or null when there is none. */
  last(): BackupEntry | null {
    if (!this.ours) return null;
    const newest = scanBackups(path.resolve(this.opts.dir()), SCHEDULED_OR_MANUAL)[0];
    return newest ? entryOf(newest) : null;
  }

  /** Why the most recent backup failed; cleared by the next one that succeeds. */
  lastError(): BackupFailure | null {
    return this.failure;
  }

  /** True while a backup is being made or waits for the one before it. */
  busy(): boolean {
    return this.running > 0;
  }

  /**
   * Makes a backup now (after any backup in progress), verified by integrity_check, then applies
   * retention. Rejects, and records lastError(), when it fails; nothing partial is left behind.
   */
  run(trigger: 'scheduled' | 'manual'): Promise<BackupEntry> {
    if (!this.ours) return Promise.reject(postgresOwnsBackups('backup', this.opts.database!.location));
    this.running++; // counted from the call, so a check in the same tick already sees it busy
    const next = this.chain.then(() => this.make(trigger)).finally(() => this.running--);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** A scheduled backup if one is due and none is running; null otherwise. Never throws. */
  async runIfDue(): Promise<BackupEntry | null> {
    try {
      if (!this.ours || this.running > 0 || !this.isDue()) return null;
      let postponed = this.opts.postpone?.() ?? false;
      if (typeof postponed !== 'boolean') {
        postponed = await postponed;
        if (this.running > 0) return null; // one began while we asked
      }
      if (postponed) {
        this.log.debug('scheduled backup due, postponed to the next check');
        return null;
      }
      return await this.run('scheduled');
    } catch {
      return null; // already logged and kept in lastError() by make()
    }
  }

  /**
   * Starts the schedule: one check at once (to catch up after downtime), then every few minutes;
   * each check also finishes any burn whose text a backup still holds.
   */
  start(): void {
    if (this.timer) return;
    if (!this.ours) {
      this.log.info({ database: this.opts.database!.location }, POSTGRES_BACKUPS_TEXT);
      return;
    }
    this.removeLeftovers();
    const every = this.opts.checkEveryMs ?? 5 * 60_000;
    const check = () => void this.runIfDue().then(() => this.scrubBurned());
    this.timer = setInterval(check, every);
    this.timer.unref();
    check();
  }

  /** Stops the schedule and waits for a backup in progress, so the engine can close the database after. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
  }

  private isDue(): boolean {
    const hours = this.opts.everyHours();
    if (!(hours > 0)) return false;
    const now = this.now();
    // A backup dated in the future (the clock was set back) must not silence the schedule.
    const newest = scanBackups(path.resolve(this.opts.dir()), new Set(['scheduled'])).find((b) => b.atMs <= now);
    return !newest || now - newest.atMs >= hours * HOUR_MS;
  }

  private async make(trigger: 'scheduled' | 'manual'): Promise<BackupEntry> {
    let ms = this.now();
    const dir = path.resolve(this.opts.dir());
    // Two backups in one millisecond (only with a frozen test clock) get distinct names.
    while (existsSync(path.join(dir, backupFileName(ms, trigger)))) ms++;
    const file = path.join(dir, backupFileName(ms, trigger));
    this.log.info({ file, trigger }, 'backup started');
    try {
      const result = await backupDatabase(this.opts.databasePath, file, { nativeBinding: this.opts.nativeBinding });
      const entry: BackupEntry = {
        fileName: path.basename(result.file),
        at: new Date(ms).toISOString(),
        bytes: result.bytes,
        verified: true,
        trigger,
      };
      this.failure = null;
      this.log.info({ file, bytes: result.bytes, trigger }, 'backup kept (integrity_check ok)');
      if (trigger === 'scheduled') this.prune(dir, entry.fileName);
      try {
        await this.opts.onBackup?.(entry);
      } catch (error) {
        this.log.error({ err: error }, 'onBackup listener failed');
      }
      return entry;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failure = { at: new Date(this.now()).toISOString(), trigger, message };
      this.log.error({ err: error, file, trigger }, 'backup failed');
      throw error;
    }
  }

  /** Keeps the newest `keep` scheduled backups; manual ones stay until an admin removes them. */
  private prune(dir: string, justMade: string): void {
    const keep = Math.max(1, Math.floor(this.opts.keep()));
    const scheduled = scanBackups(dir, new Set(['scheduled']));
    for (const old of scheduled.slice(keep)) {
      if (old.fileName === justMade) continue;
      try {
        removeWithSidecars(old.path);
        this.log.info({ file: old.path }, 'old scheduled backup removed');
      } catch (error) {
        this.log.warn({ err: error, file: old.path }, 'could not remove an old scheduled backup');
      }
    }
  }
}
