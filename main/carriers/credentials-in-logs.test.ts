/** The carrier's credentials never reach a log, whatever the SDK throws. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, readLogs } from '../log';
import { CarrierError } from './carrier-port';
import { createTwilioAdapter } from './twilio-adapter';

const SID = `AC${'0'.repeat(32)}`;
const TOKEN = 'secret-auth-token-1234567890abcd';
const BASIC = Buffer.from(`${SID}:${TOKEN}`).toString('base64');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function logged(write: (log: ReturnType<typeof createLogger>) => void): Promise<string> {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gdial-log-'));
  const log = createLogger({ dataDir: dir, level: 'info', stderr: false });
  write(log);
  await new Promise((r) => setTimeout(r, 50));
  return readLogs(dir);
}

describe('credentials in logs', () => {
  it('every adapter call fails as a CarrierError without the request, so logging it shows no credentials', async () => {
    const carrier = createTwilioAdapter({ accountSid: SID, authToken: TOKEN, baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    const failures = await Promise.all([
      carrier.redirectCall('CA1', '<Response/>').catch((e: unknown) => e),
      carrier.endCall('CA1', true).catch((e: unknown) => e),
      carrier.fetchCallStatus('CA1').catch((e: unknown) => e),
      carrier.fetchMessageStatus('SM1').catch((e: unknown) => e),
      carrier.findCalls({ to: '+46700000000', createdFrom: 0, createdUntil: Date.now() }).catch((e: unknown) => e),
      carrier.redactMessage('SM1').catch((e: unknown) => e),
    ]);
    for (const failure of failures) expect(failure).toBeInstanceOf(CarrierError);
    const text = await logged((log) => failures.forEach((err) => log.warn({ err }, 'carrier call failed')));
    expect(text).toContain('carrier call failed');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(BASIC);
  });

  it('drops the request of any HTTP client error logged as err', async () => {
    const axiosLike = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
      config: { headers: { Authorization: `Basic ${BASIC}` }, auth: { username: SID, password: TOKEN } },
      request: { _header: `POST / HTTP/1.1\r\nAuthorization: Basic ${BASIC}` },
    });
    const text = await logged((log) => log.error({ err: axiosLike }, 'failed'));
    expect(text).toContain('ECONNREFUSED');
    expect(text).not.toContain(BASIC);
    expect(text).not.toContain(TOKEN);
  });
});
