/** Twilio's default opt-out keywords: STOP unsubscribes the sender, START lifts it, Swedish words pass through. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { startReceiver, type Receiver } from './testing/receiver';
import { FAST, sdkFor } from './testing/sdk';

const PERSON = '+46701234567';
const SERVICE = '+46101234567';

let sim: Simulator;
let rx: Receiver;

beforeEach(async () => {
  sim = await startSimulator({ ...FAST, scripts: { [PERSON]: { sms: 'delivered' } } });
  rx = await startReceiver();
});

afterEach(async () => {
  await sim.stop();
  await rx.close();
});

const reply = (body: string, from = PERSON) => sim.sendInbound({ from, to: SERVICE, body, url: `${rx.url}/sms-in` });
const text = (to = PERSON) => sdkFor(sim).messages.create({ to, from: SERVICE, body: 'ÖVNING: Larm, svara JA.' });

describe('opting out by keyword', () => {
  it.each(['STOP', 'stop', '  Stop\n', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit', 'REVOKE', 'optout'])(
    '%j unsubscribes the sender: texting them fails at create with 400 / 21610 and creates nothing',
    async (keyword) => {
      const record = await reply(keyword);
      expect(record).toMatchObject({ optOutType: 'STOP', autoReply: expect.stringContaining('unsubscribed') });
      expect(sim.optedOut()).toEqual([PERSON]);
      const error = await text().catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
      expect(sim.createsTo(PERSON, 'message')).toBe(0);
      expect(sim.records().creates.at(-1)).toMatchObject({ channel: 'message', created: false, sid: null, fault: 'rejected', errorCode: 21610 });
      // No message to them exists; the STOP itself is listed under From.
      expect((await sdkFor(sim).messages.list({ to: PERSON })).length).toBe(0);
    },
  );

  it('still passes the keyword to the webhook, signed, with OptOutType, and opts out even when the webhook fails', async () => {
    rx.on('/sms-in', { status: 500, body: 'down' });
    const record = await reply('Stop');
    const [req] = rx.at('/sms-in');
    expect(req!.params).toMatchObject({ Body: 'Stop', From: PERSON, OptOutType: 'STOP' });
    expect(rx.signedBy(req!, sim.authToken)).toBe(true);
    expect(record.httpStatus).toBe(500);
    expect(sim.optedOut()).toEqual([PERSON]);
  });

  it.each(['START', 'yes', ' Unstop '])('%j opts back in', async (keyword) => {
    await reply('STOP');
    const record = await reply(keyword);
    expect(record.optOutType).toBe('START');
    expect(rx.at('/sms-in').at(-1)!.params.OptOutType).toBe('START');
    expect(sim.optedOut()).toEqual([]);
    await expect(text()).resolves.toMatchObject({ status: 'queued' });
  });

  it.each(['STOPP', 'avsluta', 'Stop please', 'NEJ', 'JA'])('%j is an ordinary message (GDial handles Swedish words itself)', async (body) => {
    const record = await reply(body);
    expect(record).toMatchObject({ optOutType: null, autoReply: null });
    expect(rx.at('/sms-in')[0]!.params.OptOutType).toBeUndefined();
    expect(sim.optedOut()).toEqual([]);
    await expect(text()).resolves.toMatchObject({ status: 'queued' });
  });

  it('HELP is reported as such and changes nothing', async () => {
    expect(await reply('help')).toMatchObject({ optOutType: 'HELP', autoReply: expect.stringContaining('Reply STOP') });
    expect(sim.optedOut()).toEqual([]);
  });

  it('only stops texts to that number: calls and other numbers are unaffected', async () => {
    await reply('STOP');
    await expect(text('+46709999999')).resolves.toMatchObject({ status: 'queued' });
    const call = await sdkFor(sim).calls.create({ to: PERSON, from: SERVICE, twiml: '<Response/>' });
    expect(call.status).toBe('queued');
  });

  it('configured rejectNumbers still apply, and reset() forgets opt-outs', async () => {
    sim.configure({ rejectNumbers: { '+46708888888': 21612 } });
    await expect(text('+46708888888')).rejects.toMatchObject({ status: 400, code: 21612 });
    await reply('STOP');
    sim.reset();
    expect(sim.optedOut()).toEqual([]);
    await expect(text()).resolves.toMatchObject({ status: 'queued' });
  });

  it('the control API lists opted-out numbers', async () => {
    await reply('STOP');
    const auth = 'Basic ' + Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64');
    const res = await fetch(`${sim.url}/__sim/opt-outs`, { headers: { Authorization: auth } });
    expect(await res.json()).toEqual([PERSON]);
  });
});
