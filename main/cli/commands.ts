/**
 * Admin commands. They read the database beside a running engine (SQLite's locking makes that
 * safe) and never write to a data directory another engine owns. On PostgreSQL
 * (GDIAL_DATABASE_URL), backup and restore are the database's own and these commands say so.
 */
import { backupDatabase } from '../backup/online-backup';
import { refuseOnPostgres } from '../backup/postgres-backups';
import { databaseFile } from '../db/read-only';
import { AppError } from '../errors';

export { auditVerify } from './audit-command';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CommonFlags {
  dataDir: string;
  json: boolean;
}

export async function backup(flags: CommonFlags & { out: string | undefined }, io: CliIo): Promise<number> {
  refuseOnPostgres('backup', process.env);
  if (!flags.out) throw new AppError('validation', 'backup needs --out <file>', { code: 'cli.missing_out' });
  let lastShown = -1;
  const result = await backupDatabase(databaseFile(flags.dataDir), flags.out, {
    onProgress: (done, total) => {
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (!flags.json && pct >= lastShown + 10) {
        lastShown = pct;
        io.err(`backup: ${pct}%`);
      }
    },
  });
  if (flags.json) io.out(JSON.stringify({ ...result, integrity: 'ok' }));
  else io.out(`Backup written to ${result.file} (${result.bytes} bytes); integrity_check: ok.`);
  return 0;
}
