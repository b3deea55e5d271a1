import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { startReceiver, type Receiver } from './testing/receiver';
import { FAST, sdkFor } from './testing/sdk';

const TO = '+46701234567';
const FROM = '+46101234567';

let sim: Simulator;
let rx: Receiver;

beforeEach(async () => {
  sim = await startSimulator({ ...FAST, scripts: { [TO]: { sms: 'delivered' } } });
  rx = await startReceiver();
});

afterEach(async () => {
  await sim.stop();
  await rx.close();
});

const send = (body: string, to = TO) =>
  sdkFor(sim).messages.create({ to, from: FROM, body, statusCallback: `${rx.url}/sms-status?attempt=3` });

describe('messages through the official Twilio SDK', () => {
  it('creates a queued message and lists it by To and DateSent', async () => {
    const since = new Date(Date.now() - 1000);
    const m = await send('ÖVNING: Larm, svara JA.');
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(m.status).toBe('queued');
    expect(m.numSegments).toBe('1');
    expect(m.body).toBe('ÖVNING: Larm, svara JA.');
    await send('annan', '+46709999999');
    await sim.settle();
    const mine = await sdkFor(sim).messages.list({ to: TO, dateSentAfter: since });
    expect(mine.map((x) => x.sid)).toEqual([m.sid]);
    expect((await sdkFor(sim).messages(m.sid).fetch()).status).toBe('delivered');
  });

  it.each([
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['å'.repeat(306), 2],
    ['å'.repeat(307), 3],
    ['ö'.repeat(69) + '😀', 2],
    ['ö'.repeat(68) + '😀', 1],
    ['x'.repeat(70).replace(/^x/, '中'), 1],
    ['x'.repeat(71).replace(/^x/, '中'), 2],
  ])('counts segments like the carrier (%#)', async (body, segments) => {
    const m = await send(body);
    expect(m.numSegments).toBe(String(segments));
  });

  it('posts signed callbacks queued → sent → delivered', async () => {
    const m = await send('hej');
    await sim.settle();
    const cbs = rx.at('/sms-status');
    expect(cbs.map((c) => c.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
    for (const c of cbs) {
      expect(rx.signedBy(c, sim.authToken)).toBe(true);
      expect(c.params).toMatchObject({ MessageSid: m.sid, SmsSid: m.sid, To: TO, From: FROM, AccountSid: sim.accountSid });
      expect(c.params.ErrorCode).toBeUndefined();
    }
  });

  it.each([
    ['undelivered', ['queued', 'sent', 'undelivered']],
    ['failed', ['queued', 'failed']],
  ] as const)('a scripted %s message reports its error code', async (outcome, statuses) => {
    sim.configure({ scripts: { [TO]: { sms: outcome, smsErrorCode: 30005 } } });
    const m = await send('hej');
    await sim.settle();
    const cbs = rx.at('/sms-status');
    expect(cbs.map((c) => c.params.MessageStatus)).toEqual(statuses);
    expect(cbs.at(-1)?.params.ErrorCode).toBe('30005');
    const fetched = await sdkFor(sim).messages(m.sid).fetch();
    expect(fetched).toMatchObject({ status: outcome, errorCode: 30005, errorMessage: 'Unknown destination handset' });
  });

  it.each(['delivered', 'undelivered'] as const)(
    'polling mode: without StatusCallback a %s message still progresses, seen through GET, and nothing is posted',
    async (outcome) => {
      sim.configure({ scripts: { [TO]: { sms: outcome, smsErrorCode: 30003 } } });
      const client = sdkFor(sim);
      const m = await client.messages.create({ to: TO, from: FROM, body: 'hej' });
      expect(m.status).toBe('queued');
      await expect.poll(async () => (await client.messages(m.sid).fetch()).status, { timeout: 5_000 }).toBe(outcome);
      const fetched = await client.messages(m.sid).fetch();
      expect(fetched.errorCode).toBe(outcome === 'delivered' ? null : 30003);
      expect(fetched.dateSent).toBeInstanceOf(Date);
      await sim.settle();
      expect(rx.requests).toEqual([]);
      expect(sim.records().callbacks).toEqual([]);
    },
  );

  it('sends through a Messaging Service: accepted first, a sender chosen when sent', async () => {
    const m = await sdkFor(sim).messages.create({ to: TO, messagingServiceSid: 'MG' + '0'.repeat(32), body: 'hej' });
    expect(m.status).toBe('accepted');
    expect(m.from).toBeNull();
    await sim.settle();
    expect((await sdkFor(sim).messages(m.sid).fetch()).from).toMatch(/^\+46/);
  });

  it('refuses a message without body (21602) or sender (21603)', async () => {
    const client = sdkFor(sim);
    await expect(client.messages.create({ to: TO, from: FROM, body: '' })).rejects.toMatchObject({ code: 21602, status: 400 });
    await expect(client.messages.create({ to: TO, body: 'x' } as never)).rejects.toMatchObject({ code: 21603 });
    expect(sim.createsTo(TO, 'message')).toBe(0);
  });

  it('redacts the body with Body="" and deletes a finished message', async () => {
    const client = sdkFor(sim);
    const m = await send('hemligt');
    await expect(client.messages(m.sid).remove()).rejects.toMatchObject({ code: 20009 });
    await sim.settle();
    const redacted = await client.messages(m.sid).update({ body: '' });
    expect(redacted.body).toBe('');
    expect((await client.messages(m.sid).fetch()).body).toBe('');
    await expect(client.messages(m.sid).update({ body: 'nytt' })).rejects.toMatchObject({ status: 400 });
    expect(await client.messages(m.sid).remove()).toBe(true);
    await expect(client.messages(m.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    expect(sim.records().actions.map((a) => a.kind)).toEqual(['redact', 'delete']);
  });
});

describe('inbound SMS', () => {
  it('posts a signed inbound webhook and records GDial’s answer', async () => {
    rx.on('/sms-in', (req) => ({ body: `<Response><Message>Tack ${req.params.Body}</Message></Response>` }));
    const record = await sim.sendInbound({ from: TO, to: FROM, body: 'JA', url: `${rx.url}/sms-in` });
    const [req] = rx.at('/sms-in');
    expect(req).toBeDefined();
    expect(rx.signedBy(req!, sim.authToken)).toBe(true);
    expect(req!.params).toMatchObject({ From: TO, To: FROM, Body: 'JA', NumSegments: '1', SmsStatus: 'received', AccountSid: sim.accountSid });
    expect(req!.params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(record).toMatchObject({ httpStatus: 200, responseBody: '<Response><Message>Tack JA</Message></Response>' });
    const listed = await sdkFor(sim).messages.list({ from: TO });
    expect(listed[0]).toMatchObject({ direction: 'inbound', status: 'received', body: 'JA' });
  });
});
