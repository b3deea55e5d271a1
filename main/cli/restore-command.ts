/** `gdial restore --from <backup>`: puts a verified backup in place of a stopped engine's database. */
import { refuseOnPostgres } from '../backup/postgres-backups';
import { restoreDatabase } from '../backup/restore';
import { AppError } from '../errors';
import type { CliIo, CommonFlags } from './commands';

export async function restore(flags: CommonFlags & { from: string | undefined }, io: CliIo): Promise<number> {
  // On PostgreSQL a restore is the database's own (pg_restore, point-in-time recovery).
  refuseOnPostgres('restore', process.env);
  if (!flags.from) throw new AppError('validation', 'restore needs --from <backup file>', { code: 'cli.missing_from' });
  const report = await restoreDatabase({ from: flags.from, dataDir: flags.dataDir });
  if (flags.json) {
    io.out(JSON.stringify(report));
    return 0;
  }
  io.out(`Restored ${report.from} into ${report.databasePath} (${report.bytes} bytes).`);
  io.out(`Backup verified: integrity_check ok, GDial schema ${report.schemaVersion} (this version: ${report.knownSchemaVersion}).`);
  if (report.migratesOnStart) io.out('GDial will bring it up to date when it next starts (after copying it to the backups folder).');
  if (report.previousKeptAs) {
    io.out(`The database it replaced is kept as ${report.previousKeptAs}.`);
    for (const file of report.previousSidecarsKeptAs) io.out(`  with its log ${file} (it could not be folded in; keep them together).`);
  } else io.out('There was no database to keep.');
  io.out('Start GDial to use the restored data.');
  return 0;
}
