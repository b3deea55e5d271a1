/** `npm run gdial -- <command>`: the admin command line. */
import { parseArgs } from 'node:util';
import { auditVerify, backup, type CliIo } from '../cli/commands';
import { defaultDataDir } from '../config/paths';
import { AppError } from '../errors';

const USAGE = `Usage: npm run gdial -- <command> [options]

Commands:
  audit verify --data-dir <dir>          check the audit log's hash chain (exit 0 intact, 1 broken)
  backup --data-dir <dir> --out <file>   online backup (safe while GDial runs), then integrity_check

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  const flags = {
    dataDir: values['data-dir'] ?? process.env.GDIAL_DATA_DIR ?? defaultDataDir(),
    json: values.json ?? false,
  };
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  switch (command) {
    case 'audit verify':
      return auditVerify(flags, io);
    case 'backup':
      return backup({ ...flags, out: values.out }, io);
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
