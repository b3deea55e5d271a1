/**
 * A correctly signed callback naming an attempt that does not exist (a restored older database,
 * a hand-made URL) is answered 2xx and logged as a warning: never a 500 from a foreign key, never
 * a row pointing nowhere. Every callback kind, over real HTTP, signed as Twilio signs.
 */
import { sql } from 'drizzle-orm';
import pino from 'pino';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineBackends, startTestEngineOn } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';

let t: TestEngine;
let base: string;
let token: string;
/** This backend's engine's log (each engine logs into its own list: one stopping is not the next one's news). */
let lines: Array<{ level: number; msg: string; path?: string; attempt?: string }> = [];

const count = async (text: string) => Number((await t.engine.store.get<{ n: number }>(sql.raw(text)))!.n);

async function signedPost(path: string, params: Record<string, string>) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(token, `${base}${path}`, params),
    },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: await res.text() };
}

const CALL = { CallSid: 'CA0123456789abcdef0123456789abcdef', AccountSid: `AC${'0'.repeat(32)}`, From: '+46700000000', To: '+46701234567' };
const SMS = { MessageSid: 'SM0123456789abcdef0123456789abcdef', AccountSid: `AC${'0'.repeat(32)}`, From: 'GDial', To: '+46701234567' };

describe.each(engineBackends())('signed callbacks for an attempt that does not exist, on $name', (backend) => {
  beforeAll(async () => {
    const own: typeof lines = [];
    lines = own;
    const logger = pino({ level: 'info' }, { write: (line: string) => void own.push(JSON.parse(line) as (typeof lines)[number]) });
    t = await startTestEngineOn(backend, { logger });
    base = t.engine.dispatch!.webhooks.url;
    token = t.engine.dispatch!.simulator!.authToken;
  });
  afterAll(() => t.stop());

  it.each([
    ['voice TwiML', '/twilio/voice/twiml?attempt=987654', { ...CALL, CallStatus: 'in-progress' }, 200],
    ['voice TwiML with machine detection', '/twilio/voice/twiml?attempt=987655', { ...CALL, CallStatus: 'in-progress', AnsweredBy: 'machine_start' }, 200],
    ['gather (a key pressed)', '/twilio/voice/gather?attempt=987656&round=1', { ...CALL, Digits: '1' }, 200],
    ['voice status', '/twilio/voice/status?attempt=987657', { ...CALL, CallStatus: 'completed', CallDuration: '12', SequenceNumber: '3' }, 204],
    ['answering machine detection (AMD)', '/twilio/voice/amd?attempt=987658', { ...CALL, AnsweredBy: 'machine_end_beep' }, 204],
    ['message status', '/twilio/sms/status?attempt=987659', { ...SMS, MessageStatus: 'delivered' }, 204],
    ['message status with an opt-out error', '/twilio/sms/status?attempt=987660', { ...SMS, MessageSid: 'SM1123456789abcdef0123456789abcdef', MessageStatus: 'undelivered', ErrorCode: '21610' }, 204],
    ['voice status with a malformed attempt id', '/twilio/voice/status?attempt=1e400', { ...CALL, CallSid: 'CA1123456789abcdef0123456789abcdef', CallStatus: 'busy' }, 204],
    ['message status with a negative attempt id', '/twilio/sms/status?attempt=-4', { ...SMS, MessageSid: 'SM2123456789abcdef0123456789abcdef', MessageStatus: 'failed' }, 204],
  ])('%s: answered 2xx, warned, nothing tied to a missing attempt', async (_kind, path, params, expected) => {
    const attemptsBefore = await count('SELECT COUNT(*) AS n FROM dispatch_attempts');
    const warningsBefore = lines.filter((l) => l.level === 40).length;
    const res = await signedPost(path, params);
    expect(res.status).toBe(expected);
    if (expected === 200) expect(res.body).toContain('<Hangup/>');
    const warning = lines.filter((l) => l.level === 40).slice(warningsBefore);
    expect(warning).toEqual([expect.objectContaining({ msg: expect.stringContaining('attempt that does not exist'), path: path.split('?')[0] })]);
    expect(lines.filter((l) => l.level >= 50).map((l) => JSON.stringify(l))).toEqual([]);
    // Nothing was created for it, and nothing references an attempt that is not there.
    expect(await count('SELECT COUNT(*) AS n FROM dispatch_attempts')).toBe(attemptsBefore);
    expect(await count('SELECT COUNT(*) AS n FROM carrier_events e WHERE e.attempt_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dispatch_attempts a WHERE a.id = e.attempt_id)')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM responses r WHERE r.attempt_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dispatch_attempts a WHERE a.id = r.attempt_id)')).toBe(0);
  });

  it('keeps the status itself, matched by SID only, as evidence', async () => {
    expect(await count(`SELECT COUNT(*) AS n FROM carrier_events WHERE sid = '${CALL.CallSid}' AND kind = 'call' AND attempt_id IS NULL`)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM carrier_events WHERE sid = '${SMS.MessageSid}' AND kind = 'message' AND attempt_id IS NULL`)).toBe(1);
  });
});
