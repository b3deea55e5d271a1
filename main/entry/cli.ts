/** `npm run gdial -- <command>`: the admin command line. */
import { parseArgs } from 'node:util';
import { auditVerify, backup, type CliIo } from '../cli/commands';
import { contactsExport, contactsImport } from '../cli/contacts-commands';
import { restore } from '../cli/restore-command';
import { defaultDataDir } from '../config/paths';
import { AppError } from '../errors';

const USAGE = `Usage: npm run gdial -- <command> [options]

Commands:
  audit verify --data-dir <dir> [--manifest <file>]
                                         check the audit log's keyed chain against the anchor file and,
                                         given one, an export manifest (exit 0 intact, 1 not, 2 cannot check)
  backup --data-dir <dir> --out <file>   online backup (safe while GDial runs), then integrity_check
  restore --from <file> --data-dir <dir> replace the database with a verified backup (GDial must be
                                         closed; the old database is kept as gdial.db.before-restore-<time>)
                                         backup and restore are for gdial.db; on PostgreSQL (GDIAL_DATABASE_URL)
                                         they are the database's own: pg_dump, point-in-time recovery (PITR)
  contacts import <file> --data-dir <dir> [--dry-run] [--group <name>] [--json]
                                         CSV or vCard; prints a per-row report (exit 1: some rows skipped)
  contacts export --format csv|csv-excel|vcf --out <file> --data-dir <dir> [--group <name>]

Options:
  --data-dir <dir>   GDial's data directory (GDIAL_DATA_DIR, default: the per-user app data folder)
  --json             machine-readable output
  -h, --help         this text`;

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      group: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      manifest: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const flags = {
    dataDir: values['data-dir'] ?? process.env.GDIAL_DATA_DIR ?? defaultDataDir(),
    json: values.json ?? false,
  };
  const command = positionals.slice(0, 2).join(' ');
  if (command === 'audit verify' || command === 'backup' || command === 'restore') {
    if (positionals.length > (command === 'audit verify' ? 2 : 1)) {
      io.err(`Unexpected argument "${positionals.at(-1)}".\n\n${USAGE}`);
      return 2;
    }
  }
  if (values.help || command === '' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  switch (command) {
    case 'audit verify':
      return auditVerify({ ...flags, manifest: values.manifest }, io);
    case 'backup':
      return backup({ ...flags, out: values.out }, io);
    case 'restore':
      return restore({ ...flags, from: values.from }, io);
    case 'contacts import':
      return contactsImport({ ...flags, file: positionals[2], dryRun: values['dry-run'] ?? false, group: values.group }, io);
    case 'contacts export':
      return contactsExport({ ...flags, format: values.format, out: values.out, group: values.group }, io);
    default:
      io.err(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    io.err(`gdial: ${error instanceof AppError ? error.message : String((error as Error)?.message ?? error)}`);
    process.exit(2);
  },
);
