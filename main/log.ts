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
