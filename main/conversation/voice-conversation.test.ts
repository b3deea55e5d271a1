/**
 * The simulator follows GDial's TwiML for real: it fetches it (signed), fetches and plays our
 * audio, presses 1, 2 or nothing, and posts to the Gather action. Answers land on the right
 * person; an answering machine gets a short message and the alert by SMS.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const PACE = { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50' };

/**
 * An answering machine's line. Its message takes time (timeScale), as on a real line: the
 * detection's verdict arrives while our message plays, not after the call has already ended.
 */
const MACHINE_LINE = (machine: string) => ({ ...FAST, timeScale: 0.2, scripts: { [machine]: { outcome: 'voicemail' as const } } });

let backend: EngineBackend;

describe.each(engineBackends())('the call conversation on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('confirms those who press 1, records those who press 2, repeats for the silent, and stops calling the ones who answered', async () => {
    const [yes, no, silent] = ['+46702000000', '+46702000001', '+46702000002'];
    t = await startTestEngineOn(backend, {
      env: { ...PACE, GDIAL_VOICE_REPEATS: '2' },
      simulatorConfig: {
        ...FAST,
        scripts: { [yes]: { outcome: 'answer', digits: '1' }, [no]: { outcome: 'answer', digits: '2' }, [silent]: { outcome: 'answer', digits: '' } },
      },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 3);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'conversation-1',
      draft: draft(groupId, { drill: true, policy: { cycles: 2, attemptsPerNumber: 1, retryIntervalSeconds: 10 } } as never),
    });
    const done = await waitForAlert(t, op, alert.id, (a) => a.counters.confirmed === 1 && a.counters.declined === 1);
    expect(done.counters).toMatchObject({ confirmed: 1, declined: 1 });

    const sim = t.engine.dispatch!.simulator!;
    await sim.settle();
    const rows = (await t.call(op, 'alerts.recipients', { id: alert.id })).rows;
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['Person 1']).toMatchObject({ state: 'confirmed', confirmedVia: 'voice' });
    expect(byName['Person 2']).toMatchObject({ state: 'declined' });
    expect(byName['Person 3']!.state).toBe('pending');
    // Nobody who answered is called again; the silent one waits for round two.
    expect(sim.createsTo(yes)).toBe(1);
    expect(sim.createsTo(no)).toBe(1);

    const records = sim.records();
    const stepsOf = (number: string) => {
      const sid = records.creates.find((c) => c.to === number)!.sid!;
      return records.twiml.filter((r) => r.sid === sid);
    };
    // Our audio was fetched for real and is a WAV file.
    const plays = stepsOf(yes).filter((s) => s.kind === 'play');
    expect(plays.length).toBeGreaterThanOrEqual(2);
    for (const p of plays) expect(p).toMatchObject({ httpStatus: 200, contentType: 'audio/wav' });
    expect(stepsOf(yes).find((s) => s.kind === 'gather-action')).toMatchObject({ httpStatus: 200, detail: '1' });
    // The confirmation is spoken back ("Tack, ditt svar är registrerat"): one more play after the key.
    const afterKey = stepsOf(yes).slice(stepsOf(yes).findIndex((s) => s.kind === 'gather-action'));
    expect(afterKey.some((s) => s.kind === 'play')).toBe(true);
    expect(afterKey.at(-1)!.kind).toBe('hangup');
    // The silent one heard the message twice (voiceRepeats = 2), then goodbye and hang-up.
    const silentSteps = stepsOf(silent);
    expect(silentSteps.filter((s) => s.kind === 'gather').length).toBe(2);
    expect(silentSteps.at(-1)!.kind).toBe('hangup');

    const timeline = await t.call(op, 'alerts.timeline', { alertId: alert.id, recipientId: byName['Person 1']!.id });
    const steps = timeline.entries.map((e) => e.step);
    expect(steps).toEqual(expect.arrayContaining(['queued', 'dialled', 'ringing', 'answered', 'pressed_confirm']));
    expect(steps.indexOf('dialled')).toBeLessThan(steps.indexOf('answered'));
    expect(steps.indexOf('answered')).toBeLessThan(steps.indexOf('pressed_confirm'));
    const silentTimeline = await t.call(op, 'alerts.timeline', { alertId: alert.id, recipientId: byName['Person 3']!.id });
    expect(silentTimeline.entries.map((e) => e.step)).not.toContain('pressed_confirm');
    await t.call(op, 'alerts.cancel', { id: alert.id });
  });

  it('dates the answer by the TwiML request when the progress callbacks are lost', async () => {
    const yes = '+46702000000'; // the book's first number
    t = await startTestEngineOn(backend, {
      env: PACE,
      // Every status callback is lost: only the call's own requests (TwiML, the key) reach us.
      simulatorConfig: { ...FAST, chaos: { duplicateRate: 0, reorderRate: 0, dropRate: 1 }, scripts: { [yes]: { outcome: 'answer', digits: '1' } } },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'lost-callbacks-1', draft: draft(groupId, { drill: true }) });
    await waitForAlert(t, op, alert.id, (a) => a.counters.confirmed === 1);
    const [person] = (await t.call(op, 'alerts.recipients', { id: alert.id })).rows;
    const steps = (await t.call(op, 'alerts.timeline', { alertId: alert.id, recipientId: person!.id })).entries.map((e) => e.step);
    expect(steps).not.toContain('ringing');
    expect(steps.indexOf('dialled')).toBeLessThan(steps.indexOf('answered'));
    expect(steps.indexOf('answered')).toBeLessThan(steps.indexOf('pressed_confirm'));
    await t.call(op, 'alerts.cancel', { id: alert.id });
  });

  it("uses the template's own keys: says them, takes them, and treats 1 as a wrong key", async () => {
    const [hash, nine, one] = ['+46702000000', '+46702000001', '+46702000002'];
    t = await startTestEngineOn(backend, {
      // Twilio's voice: the simulator records what was said, so the prompt can be read back.
      env: { ...PACE, GDIAL_VOICE_REPEATS: '1', GDIAL_TTS_ENGINE: 'twilio' },
      simulatorConfig: {
        ...FAST,
        scripts: { [hash]: { outcome: 'answer', digits: '#' }, [nine]: { outcome: 'answer', digits: '9' }, [one]: { outcome: 'answer', digits: '1' } },
      },
    });
    const op = await t.signedIn('operator');
    await expect(t.call(op, 'templates.create', { name: 'Samma', voiceText: 'Larm.', confirmDigit: '5', declineDigit: '5' })).rejects.toThrow(/must differ/);
    const template = await t.call(op, 'templates.create', { name: 'Fyrkant', voiceText: 'Brand i Åby.', smsText: 'Brand i Åby.', confirmDigit: '#', declineDigit: '9' });
    const { groupId } = await bookWithGroup(t, op, 3);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'template-keys-1',
      draft: draft(groupId, { voiceText: '', templateId: template.id, policy: { cycles: 1, attemptsPerNumber: 1 } } as never),
    });
    const done = await waitForAlert(t, op, alert.id);
    expect(done.counters).toMatchObject({ confirmed: 1, declined: 1 });
    const rows = (await t.call(op, 'alerts.recipients', { id: alert.id })).rows;
    expect(Object.fromEntries(rows.map((r) => [r.name, r.state]))).toEqual({ 'Person 1': 'confirmed', 'Person 2': 'declined', 'Person 3': 'unreached' });

    const sim = t.engine.dispatch!.simulator!;
    await sim.settle();
    const records = sim.records();
    const says = (number: string) => {
      const sid = records.creates.find((c) => c.to === number)!.sid!;
      return records.twiml.filter((r) => r.sid === sid && r.kind === 'say').map((r) => r.detail);
    };
    // Digits are read as words (the Swedish normaliser), a hash key by its Swedish name.
    expect(says(hash)).toContain('Tryck fyrkant för att bekräfta. Tryck nio om du inte kan.');
    // 1 is not this alert's key: the call says goodbye, nothing is registered.
    expect(says(one)).toContain('Inget svar registrerades. Hej då.');

    // A template stored with one key for both (before keys were checked) launches with 1 and 2.
    await t.engine.store.run(sql`UPDATE templates SET confirm_digit = '5', decline_digit = '5' WHERE id = ${template.id}`);
    const fallback = await t.call(op, 'alerts.launch', {
      launchKey: 'template-keys-2',
      draft: draft(groupId, { voiceText: '', templateId: template.id, policy: { cycles: 1, attemptsPerNumber: 1 } } as never),
    });
    expect(await t.engine.store.get(sql`SELECT confirm_digit AS c, decline_digit AS d FROM alerts WHERE id = ${fallback.id}`)).toEqual({ c: '1', d: '2' });
    await t.call(op, 'alerts.cancel', { id: fallback.id });
  });

  it('leaves a short message on an answering machine, hangs up, and sends the alert by SMS instead', async () => {
    const machine = '+46702000000';
    t = await startTestEngineOn(backend, { env: PACE, simulatorConfig: MACHINE_LINE(machine) });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'voicemail-1',
      draft: draft(groupId, { channels: ['voice'], smsText: '', policy: { cycles: 1, voicemail: 'leave_message' } } as never),
    });
    await waitForAlert(t, op, alert.id);
    const sim = t.engine.dispatch!.simulator!;
    await sim.settle();
    const records = sim.records();
    const callSid = records.creates.find((c) => c.channel === 'call')!.sid!;
    expect(records.actions.filter((a) => a.kind === 'redirect' && a.sid === callSid)).toHaveLength(1);
    // After the redirect the machine hears our voicemail audio, then the call hangs up.
    const redirectAt = records.actions.find((a) => a.kind === 'redirect')!.seq;
    const after = records.twiml.filter((r) => r.sid === callSid && r.seq > redirectAt);
    expect(after.some((s) => s.kind === 'play' && s.httpStatus === 200)).toBe(true);
    expect(after.at(-1)!.kind).toBe('hangup');
    // The SMS fallback carries the spoken text (this alert had no SMS text) and the reply hint.
    expect(sim.createsTo(machine, 'message')).toBe(1);
    const rows = (await t.call(op, 'alerts.recipients', { id: alert.id })).rows;
    const timeline = await t.call(op, 'alerts.timeline', { alertId: alert.id, recipientId: rows[0]!.id });
    expect(timeline.entries.map((e) => e.step)).toEqual(expect.arrayContaining(['machine', 'voicemail_left', 'sms_sent']));
  });

  it('hangs up on an answering machine when the policy says so, and still texts', async () => {
    const machine = '+46702000000';
    t = await startTestEngineOn(backend, { env: PACE, simulatorConfig: MACHINE_LINE(machine) });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'voicemail-2',
      draft: draft(groupId, { policy: { cycles: 1, voicemail: 'hang_up' } } as never),
    });
    await waitForAlert(t, op, alert.id);
    const sim = t.engine.dispatch!.simulator!;
    await sim.settle();
    const records = sim.records();
    expect(records.actions.some((a) => a.kind === 'hangup')).toBe(true);
    expect(records.actions.some((a) => a.kind === 'redirect')).toBe(false);
    expect(sim.createsTo(machine, 'message')).toBe(1);
  });
});
