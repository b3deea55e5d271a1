/** `serve` options: command-line flags first, then `GDIAL_<NAME>` variables, then defaults. */
import { parseArgs } from 'node:util';
import { AppError } from '../errors';
import { defaultDataDir } from './paths';

export const DEFAULT_PORT = 7420;

export interface ServeOptions {
  port: number;
  dataDir: string;
  logLevel: string;
  help: boolean;
}

export const SERVE_USAGE = `Usage: npm run serve -- [--port <p>] [--data-dir <dir>]

  --port <p>        console and WebSocket port on 127.0.0.1 (GDIAL_PORT, default ${DEFAULT_PORT}; 0 = any free port)
  --data-dir <dir>  where gdial.db, backups and logs live (GDIAL_DATA_DIR, default: the per-user app data folder)
  --log-level <l>   fatal|error|warn|info|debug|trace (GDIAL_LOG_LEVEL, default info)`;

function parsePort(raw: string, source: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('validation', `${source}: "${raw}" is not a port number (0-65535)`, { code: 'serve.bad_port' });
  }
  return port;
}

export function readServeOptions(argv: string[], env: NodeJS.ProcessEnv): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new AppError('validation', `${(error as Error).message}\n\n${SERVE_USAGE}`, { code: 'serve.bad_args' });
  }
  const port =
    values.port !== undefined
      ? parsePort(values.port, '--port')
      : env.GDIAL_PORT !== undefined
        ? parsePort(env.GDIAL_PORT, 'GDIAL_PORT')
        : DEFAULT_PORT;
  return {
    port,
    dataDir: values['data-dir'] ?? env.GDIAL_DATA_DIR ?? defaultDataDir(env),
    logLevel: values['log-level'] ?? env.GDIAL_LOG_LEVEL ?? 'info',
    help: values.help ?? false,
  };
}
