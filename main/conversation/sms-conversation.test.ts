/**
 * SMS replies against the simulator: matched to the right alert when one person has several
 * open (reply codes), receipts sent back, STOP/STOPP and START honoured, 21610 → opted out.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../rpc/router';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const PERSON = '+46702000000';
const PACE = { GDIAL_SMS_SEGMENTS_PER_SECOND: '50' };

let backend: EngineBackend;

async function setUp(simulatorConfig: object = {}) {
  t = await startTestEngineOn(backend, { env: PACE, simulatorConfig: { ...FAST, ...simulatorConfig } });
  const op = await t.signedIn('operator');
  const { groupId } = await bookWithGroup(t, op, 1);
  return { t, op, groupId };
}

async function textAlert(t: TestEngine, op: Connection, groupId: number, key: string) {
  const alert = await t.call(op, 'alerts.launch', { launchKey: `${key}-launch`, draft: draft(groupId, { channels: ['sms'], title: key }) });
  await waitForAlert(t, op, alert.id, (a) => a.counters.smsSent === 1);
  return alert.id;
}

/** The bodies the simulator holds for texts to a number, oldest first (what the phone showed). */
async function bodiesTo(t: TestEngine, to: string): Promise<string[]> {
  const sim = t.engine.dispatch!.simulator!;
  const res = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Messages.json?To=${encodeURIComponent(to)}&PageSize=100`, {
    headers: { Authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}` },
  });
  const page = (await res.json()) as { messages: Array<{ body: string; date_created: string; direction: string }> };
  return page.messages.filter((m) => m.direction !== 'inbound').map((m) => m.body).reverse();
}

async function reply(t: TestEngine, body: string, from = PERSON) {
  const sim = t.engine.dispatch!.simulator!;
  const record = await sim.sendInbound({ from, to: '+46700000000', body, url: `${t.engine.dispatch!.webhooks.url}/twilio/sms/inbound` });
  expect(record.httpStatus).toBe(200);
  return record.responseBody ?? '';
}

const stateOf = async (t: TestEngine, op: Connection, alertId: number) => (await t.call(op, 'alerts.recipients', { id: alertId })).rows[0]!.state;

describe.each(engineBackends())('SMS replies on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('matches replies to the right alert when one person has several: codes when needed, a question when unclear', async () => {
    const { t, op, groupId } = await setUp();
    const a = await textAlert(t, op, groupId, 'larm-a');
    const b = await textAlert(t, op, groupId, 'larm-b');
    const [first, second] = await bodiesTo(t, PERSON);
    expect(first).toContain('Svara JA för att bekräfta.');
    expect(second).toContain(`Svara JA ${b} för att bekräfta.`);

    // A bare "ja" answers the alert whose text asked for a bare JA.
    expect(await reply(t, 'Ja, kommer')).toContain('Tack, din bekräftelse är registrerad.');
    expect(await stateOf(t, op, a)).toBe('confirmed');
    expect(await stateOf(t, op, b)).not.toBe('confirmed');

    const c = await textAlert(t, op, groupId, 'larm-c');
    expect((await bodiesTo(t, PERSON)).at(-1)).toContain(`Svara JA ${c} för att bekräfta.`);
    // B and C both wait and both asked for a code: a bare JA is kept, nothing is guessed.
    const question = await reply(t, 'JA');
    expect(question).toContain(`JA ${b}`);
    expect(question).toContain(`JA ${c}`);
    expect(await stateOf(t, op, b)).not.toBe('confirmed');
    expect(await stateOf(t, op, c)).not.toBe('confirmed');
    const unmatched = await t.call(op, 'responses.list', { unmatchedOnly: true });
    expect(unmatched[0]).toMatchObject({ body: 'JA', fromE164: PERSON, alertId: null });

    expect(await reply(t, `ja ${c}`)).toContain('Tack');
    expect(await stateOf(t, op, c)).toBe('confirmed');
    expect(await reply(t, `nej ${b}`)).toContain('vi har noterat');
    expect(await stateOf(t, op, b)).toBe('declined');
    // Already answered: a late "ja" changes nothing and is not read back as a confirmation.
    expect(await reply(t, `ja ${c}`)).not.toContain('<Message>');

    const answered = (await t.call(op, 'alerts.get', { id: c })).counters;
    expect(answered.confirmed).toBe(1);
  });

  it('reads a number that is no alert code as part of the answer ("Ja 15 min")', async () => {
    const { t, op, groupId } = await setUp();
    const a = await textAlert(t, op, groupId, 'larm-minuter');
    expect(await reply(t, 'Ja 15 min')).toContain('Tack');
    expect(await stateOf(t, op, a)).toBe('confirmed');
  });

  it('keeps free text and replies from unknown numbers for the operators, changing nothing', async () => {
    const { t, op, groupId } = await setUp();
    const a = await textAlert(t, op, groupId, 'larm-fritext');
    expect(await reply(t, 'Vad gäller det?')).not.toContain('<Message>');
    expect(await reply(t, 'JA', '+46709999999')).not.toContain('<Message>');
    expect(await stateOf(t, op, a)).not.toBe('confirmed');
    const all = await t.call(op, 'responses.list', {});
    expect(all.find((r) => r.body === 'Vad gäller det?')).toMatchObject({ alertId: a, meaning: 'unknown', recipientName: 'Person 1' });
    const unmatched = await t.call(op, 'responses.list', { unmatchedOnly: true });
    expect(unmatched.map((r) => r.fromE164)).toEqual(['+46709999999']);
  });

  it('STOPP opts the number out (queued texts are not sent, the pre-flight counts it), START opts it back in', async () => {
    const { t, op, groupId } = await setUp();
    await textAlert(t, op, groupId, 'larm-stopp');
    expect(await reply(t, 'STOPP')).toContain('Du får inte längre SMS från GDial');
    const flight = await t.call(op, 'alerts.preflight', { draft: draft(groupId, { channels: ['sms'] }) });
    expect(flight).toMatchObject({ optedOut: 1, withSms: 0 });
    const sent = (await bodiesTo(t, PERSON)).length;
    const skipped = await t.call(op, 'alerts.launch', { launchKey: 'after-stop', draft: draft(groupId, { channels: ['sms'] }) });
    await waitForAlert(t, op, skipped.id);
    expect((await bodiesTo(t, PERSON)).length).toBe(sent);

    // An answering machine's SMS fallback does not text a number that said STOPP either.
    // The machine's message takes time (timeScale), as on a real line: the detection's verdict
    // arrives while it plays, not after the call has already ended.
    t.engine.dispatch!.simulator!.configure({ timeScale: 0.2, scripts: { [PERSON]: { outcome: 'voicemail' } } });
    const voice = await t.call(op, 'alerts.launch', { launchKey: 'after-stop-voice', draft: draft(groupId, { policy: { cycles: 1 } } as never) });
    await waitForAlert(t, op, voice.id);
    await t.engine.dispatch!.simulator!.settle();
    expect(t.engine.dispatch!.simulator!.records().actions.some((a) => a.kind === 'redirect')).toBe(true);
    expect((await bodiesTo(t, PERSON)).length).toBe(sent);

    // Twilio's own STOP is answered by Twilio itself: GDial opts out too, and stays silent.
    expect(await reply(t, 'START')).not.toContain('<Message>');
    expect((await t.call(op, 'alerts.preflight', { draft: draft(groupId, { channels: ['sms'] }) })).withSms).toBe(1);
    expect(await reply(t, 'STOP')).not.toContain('<Message>');
    expect((await t.call(op, 'alerts.preflight', { draft: draft(groupId, { channels: ['sms'] }) })).optedOut).toBe(1);
    const meanings = (await t.call(op, 'responses.list', {})).map((r) => r.meaning);
    expect(meanings).toEqual(expect.arrayContaining(['stop', 'start']));
  });

  it('a carrier refusal 21610 (unsubscribed recipient) opts the number out', async () => {
    const { t, op, groupId } = await setUp({ rejectNumbers: { [PERSON]: 21610 } });
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'rejected-21610', draft: draft(groupId, { channels: ['sms'] }) });
    const done = await waitForAlert(t, op, alert.id);
    expect(done.counters.failed).toBe(1);
    const flight = await t.call(op, 'alerts.preflight', { draft: draft(groupId, { channels: ['sms'] }) });
    expect(flight.optedOut).toBe(1);
  });
});
