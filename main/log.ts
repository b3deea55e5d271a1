/** Structured logs (pino), one child per module; secrets and phone numbers never reach them. */
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './config/owner-only';

export type { Logger };

const REDACT = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'authToken',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.authToken',
  '*.e164',
  '*.to',
  '*.from',
];

/**
 * Errors keep their message, code and stack, never the request behind them: an HTTP client's
 * error carries its config with the Authorization header (the carrier's credentials).
 */
function errorWithoutRequest(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  const { config: _config, request: _request, response: _response, headers: _headers, ...rest } = serialized;
  return rest;
}

/** Logs to stderr and, when a data directory is given, to `<dataDir>/logs/gdial.log`. */
export function createLogger(opts: { level?: string; dataDir?: string; stderr?: boolean } = {}): Logger {
  const streams: pino.StreamEntry[] = opts.stderr === false ? [] : [{ stream: pino.destination(2) }];
  if (opts.dataDir) {
    const dest = path.join(opts.dataDir, 'logs', 'gdial.log');
    ensurePrivateDir(path.dirname(dest));
    // Owner-only whatever the umask (config/owner-only.ts); keep `mode` when rotating files.
    streams.push({ stream: pino.destination({ dest, mkdir: true, sync: true, mode: PRIVATE_FILE_MODE }) });
  }
  return pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: errorWithoutRequest, error: errorWithoutRequest },
      base: { app: 'gdial' },
    },
    pino.multistream(streams),
  );
}

/** For tests and tools that must stay quiet. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
