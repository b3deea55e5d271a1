/** Structured logs (pino), one child per module; secrets and phone numbers never reach them. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';
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

/** Size of one log file before the next begins, and how many files are kept: at most ~50 MB in all. */
export const LOG_FILE_BYTES = 10 * 1024 * 1024;
export const LOG_FILES_KEPT = 5;
const LOG_BASE = 'gdial';
const LOG_NAME = /^gdial\.(\d+)\.log$/;

export interface LogRotation {
  fileBytes: number;
  files: number;
}

/**
 * `<dir>/gdial.<n>.log`, rotated by size with the oldest removed beyond `files` (pino-roll). The
 * logger is made at once; lines written while pino-roll opens its file wait in memory.
 */
function rollingFile(dir: string, rotation: LogRotation): pino.DestinationStream {
  let target: pino.DestinationStream | null = null;
  let failed = false;
  const early: string[] = [];
  pinoRoll({
    file: path.join(dir, LOG_BASE),
    extension: '.log',
    size: `${Math.max(1, Math.floor(rotation.fileBytes))}b`,
    // With removeOtherLogFiles, pino-roll keeps `count` files in all, the current one included,
    // and counts those left by earlier runs too.
    limit: { count: rotation.files, removeOtherLogFiles: true },
    mkdir: true,
    sync: true,
    // Owner-only whatever the umask (config/owner-only.ts), for every rotated file too.
    mode: PRIVATE_FILE_MODE,
  }).then(
    (stream) => {
      // A failed write or clean-up must not take the engine down with it.
      stream.on('error', (error: unknown) => process.stderr.write(`GDial: log file error: ${String(error)}\n`));
      target = stream;
      for (const line of early.splice(0)) stream.write(line);
    },
    (error: unknown) => {
      failed = true;
      early.length = 0;
      process.stderr.write(`GDial: cannot write logs to ${dir}: ${String(error)}\n`);
    },
  );
  return {
    write(line: string) {
      if (target) target.write(line);
      else if (!failed) early.push(line);
    },
  };
}

/** The log files in `<dataDir>/logs`, oldest first (for tests, support and diagnostics). */
export function logFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => LOG_NAME.test(name))
    .sort((a, b) => Number(LOG_NAME.exec(a)![1]) - Number(LOG_NAME.exec(b)![1]))
    .map((name) => path.join(dir, name));
}

/** Every log line written so far, oldest first. */
export const readLogs = (dataDir: string): string => logFiles(dataDir).map((file) => readFileSync(file, 'utf8')).join('');

/**
 * Logs to stderr and, when a data directory is given, to `<dataDir>/logs/gdial.<n>.log`, rotated
 * by size with a cap on the total (LOG_FILE_BYTES × LOG_FILES_KEPT unless told otherwise).
 */
export function createLogger(opts: { level?: string; dataDir?: string; stderr?: boolean; rotation?: LogRotation } = {}): Logger {
  const streams: pino.StreamEntry[] = opts.stderr === false ? [] : [{ stream: pino.destination(2) }];
  if (opts.dataDir) {
    const dir = path.join(opts.dataDir, 'logs');
    ensurePrivateDir(dir);
    streams.push({ stream: rollingFile(dir, opts.rotation ?? { fileBytes: LOG_FILE_BYTES, files: LOG_FILES_KEPT }) });
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

export interface LogThrottle {
  /** Logs this occurrence in full, or only counts it when the interval's allowance is used up. */
  note(fields: Record<string, unknown>): void;
  /** Writes the pending summary now (at shutdown). */
  flush(): void;
}

/**
 * A warning that strangers can cause at will (forged webhooks, broken frames) would let them fill
 * the disk: the first `first` per interval are logged, the rest become one summary line with the
 * count when the interval ends.
 */
export function throttledWarn(log: Logger, msg: string, opts: { first?: number; intervalMs?: number } = {}): LogThrottle {
  const first = opts.first ?? 10;
  const intervalMs = opts.intervalMs ?? 60_000;
  let logged = 0;
  let suppressed = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (suppressed > 0) log.warn({ suppressed, intervalSeconds: intervalMs / 1000 }, `${msg} (${suppressed} more not logged one by one)`);
    logged = 0;
    suppressed = 0;
  };
  return {
    note(fields) {
      if (!timer) {
        timer = setTimeout(flush, intervalMs);
        timer.unref();
      }
      if (logged < first) {
        logged++;
        log.warn(fields, msg);
      } else suppressed++;
    },
    flush,
  };
}
