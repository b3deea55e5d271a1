/** Structured logs (pino), one child per module; secrets and phone numbers never reach them. */
import path from 'node:path';
import pino, { type Logger } from 'pino';

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

/** Logs to stderr and, when a data directory is given, to `<dataDir>/logs/gdial.log`. */
export function createLogger(opts: { level?: string; dataDir?: string } = {}): Logger {
  const streams: pino.StreamEntry[] = [{ stream: pino.destination(2) }];
  if (opts.dataDir) {
    const dest = path.join(opts.dataDir, 'logs', 'gdial.log');
    streams.push({ stream: pino.destination({ dest, mkdir: true, sync: true }) });
  }
  return pino(
    { level: opts.level ?? 'info', redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'gdial' } },
    pino.multistream(streams),
  );
}

/** For tests and tools that must stay quiet. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
