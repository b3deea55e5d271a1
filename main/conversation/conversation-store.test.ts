/**
 * The conversation's store functions on both engines: responses recorded once per carrier SID,
 * replies matched by sender number and reply code, opt-out, a call's party and events, the SMS
 * fallback, and the rows a timeline is built from. Then the services over them: the responses
 * list, a recipient's timeline, and the inbound SMS paths that need no dispatch outcome.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsBody, standDownBody } from '../contract/message-text';
import type { Queryable } from '../db/store';
import { AsyncOutcomes } from '../dispatch/outcomes-async';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { alertPolicy, alertSpeech, callParty, noteCallEvent, queueSmsFallback, setAnsweredBy } from './call-store';
import {
  alertTexts,
  inboundContext,
  isOptedOut,
  markOptedIn,
  markOptedOut,
  otherAlertWaiting,
  queuedTextsTo,
  recordResponse,
  replyCandidates,
  replyCodeOf,
  responsesPage,
  setReplyCode,
} from './conversation-store';
import type { OutcomesPort } from './outcomes-port';
import { listResponses } from './responses';
import { answerInboundSms } from './sms-replies';
import { TextBodies } from './text-bodies';
import { recipientTimeline } from './timeline';
import { recipientAttempts, recipientCallEvents, recipientName, recipientResponses } from './timeline-store';

const T0 = 1_767_225_600_000; // beyond 2^31 ms: bigint on PostgreSQL

/** A small world: contacts with numbers, alerts, recipients and attempts, written as rows. */
function world(q: Queryable) {
  const id = async (query: ReturnType<typeof sql>) => (await q.get<{ id: number }>(query))!.id;
  return {
    contact: async (name: string, e164: string, language = 'sv') => {
      const contactId = await id(sql`
        INSERT INTO contacts (name, language, created_at, updated_at) VALUES (${name}, ${language}, ${T0}, ${T0}) RETURNING id`);
      await q.run(sql`
        INSERT INTO phone_numbers (contact_id, e164, kind, priority, sms_capable, created_at, updated_at)
        VALUES (${contactId}, ${e164}, 'mobile', 0, 1, ${T0}, ${T0})`);
      return contactId;
    },
    alert: (title: string, opts: { state?: string; expiresAt?: number | null; language?: string; drill?: boolean } = {}) =>
      id(sql`
        INSERT INTO alerts (launch_key, title, voice_text, sms_text, language, confirm_digit, decline_digit, state, drill, channels, policy, created_at, expires_at)
        VALUES (${`key-${title}`}, ${title}, ${`Röst ${title}`}, ${`SMS ${title}`}, ${opts.language ?? 'sv'}, '1', '9', ${opts.state ?? 'running'},
          ${opts.drill ?? false}, '["voice","sms"]', ${'{"voicemail":"leave_message"}'}, ${T0}, ${opts.expiresAt ?? null})
        RETURNING id`),
    recipient: (alertId: number, contactId: number | null, name: string, smsNumber: string | null, state = 'pending') =>
      id(sql`
        INSERT INTO alert_recipients (alert_id, contact_id, name, state, sms_number) VALUES (${alertId}, ${contactId}, ${name}, ${state}, ${smsNumber})
        RETURNING id`),
    attempt: (
      alertId: number,
      recipientId: number,
      e164: string,
      o: { channel?: string; purpose?: string; state?: string; sid?: string | null; cycle?: number; at?: number } = {},
    ) =>
      id(sql`
        INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, cycle, attempt_no, state, carrier_sid, not_before, queued_at, submitted_at, updated_at)
        VALUES (${alertId}, ${recipientId}, ${o.channel ?? 'sms'}, ${o.purpose ?? 'alert'}, ${e164}, ${o.cycle ?? 0}, 0, ${o.state ?? 'submitted'},
          ${o.sid === undefined ? `SM${alertId}x${recipientId}x${o.cycle ?? 0}` : o.sid}, ${T0}, ${o.at ?? T0}, ${o.sid === null ? null : (o.at ?? T0) + 1}, ${T0})
        RETURNING id`),
  };
}

const response = (over: Partial<Parameters<typeof recordResponse>[1]>) => ({
  alertId: null,
  recipientId: null,
  attemptId: null,
  channel: 'sms' as const,
  fromE164: '+46701111111',
  body: 'JA',
  meaning: 'confirm' as const,
  carrierSid: null,
  receivedAt: T0,
  ...over,
});

/** Inbound paths under test never reach a dispatch outcome: this one fails the test if they do. */
const noOutcomes: OutcomesPort = {
  respond: () => {
    throw new Error('unexpected call to outcomes.respond');
  },
  finish: () => {
    throw new Error('unexpected call to outcomes.finish');
  },
};

describe.each(testBackends())('the conversation store on $name', (backend) => {
  let opened: OpenedTestStore;
  let q: Queryable;
  beforeAll(async () => {
    opened = await backend.open();
    q = opened.store;
  });
  afterAll(() => opened.close());

  it('records a response once per carrier SID (a retried webhook changes nothing); responses without a SID always', async () => {
    expect(await recordResponse(q, response({ carrierSid: 'SMonce', body: 'ja' }))).toBe(true);
    expect(await recordResponse(q, response({ carrierSid: 'SMonce', body: 'ja igen' }))).toBe(false);
    expect(await recordResponse(q, response({ channel: 'dtmf', body: '1' }))).toBe(true);
    expect(await recordResponse(q, response({ channel: 'dtmf', body: '1' }))).toBe(true);
    const rows = await q.all<{ body: string }>(sql`SELECT body FROM responses WHERE carrier_sid = 'SMonce'`);
    expect(rows).toEqual([{ body: 'ja' }]);
    const ctx = await inboundContext(q, '+46701111111', 'SMonce');
    expect(ctx).toEqual({ seen: true, language: 'sv' });
    expect((await inboundContext(q, '+46701111111', 'SMother')).seen).toBe(false);
    expect((await inboundContext(q, '+46701111111', null)).seen).toBe(false);
  });

  it('pages responses newest first, unmatched ones apart (opt-out words are no unmatched answers)', async () => {
    const w = world(q);
    const contactId = await w.contact('Lista', '+46702222222');
    const alertId = await w.alert('lista');
    const recipientId = await w.recipient(alertId, contactId, 'Lista Person', '+46702222222');
    const from = '+46702222222';
    await recordResponse(q, response({ fromE164: from, alertId, recipientId, body: 'ja', carrierSid: 'SMl1' }));
    await recordResponse(q, response({ fromE164: from, body: 'STOPP', meaning: 'stop', carrierSid: 'SMl2' }));
    await recordResponse(q, response({ fromE164: from, body: 'vem?', meaning: 'unknown', carrierSid: 'SMl3', receivedAt: T0 + 5 }));
    const all = (await responsesPage(q, { limit: 200 })).filter((r) => r.fromE164 === from);
    expect(all.map((r) => r.body)).toEqual(['vem?', 'STOPP', 'ja']);
    expect(all[2]).toMatchObject({ alertId, recipientName: 'Lista Person', channel: 'sms', meaning: 'confirm', receivedAt: T0 });
    const unmatched = (await responsesPage(q, { unmatchedOnly: true, limit: 200 })).filter((r) => r.fromE164 === from);
    expect(unmatched.map((r) => r.body)).toEqual(['vem?']);
    const before = await responsesPage(q, { beforeId: all[0]!.id, limit: 1 });
    expect(before.map((r) => r.body)).toEqual(['STOPP']);
    const listed = await listResponses(q, { unmatchedOnly: false, beforeId: all[1]!.id, limit: 1 });
    expect(listed[0]).toMatchObject({ body: 'ja', receivedAt: new Date(T0).toISOString(), recipientName: 'Lista Person' });
  });

  it('finds what a reply can answer by sender number: newest text per alert, waiting or not, with its reply code', async () => {
    const w = world(q);
    const from = '+46703333333';
    const contactId = await w.contact('Kod', from, 'en');
    const a = await w.alert('kod-a');
    const b = await w.alert('kod-b', { expiresAt: T0 + 60_000 });
    const expired = await w.alert('kod-gammal', { expiresAt: T0 - 1 });
    const canceled = await w.alert('kod-stoppad', { state: 'canceled' });
    const ra = await w.recipient(a, contactId, 'Kod', from);
    const rb = await w.recipient(b, contactId, 'Kod', from, 'confirmed');
    await w.attempt(a, ra, from);
    const newest = await w.attempt(a, ra, from, { cycle: 1 });
    await w.attempt(a, ra, from, { cycle: 2, sid: null, state: 'queued' }); // not sent: nothing to answer
    await w.attempt(a, ra, from, { channel: 'voice', cycle: 3 });
    const bAttempt = await w.attempt(b, rb, from);
    await w.attempt(expired, await w.recipient(expired, contactId, 'Kod', from), from);
    await w.attempt(canceled, await w.recipient(canceled, contactId, 'Kod', from), from);
    await setReplyCode(q, ra, String(a));

    expect(await replyCandidates(q, from, T0)).toEqual([
      { attemptId: newest, alertId: a, recipientId: ra, pending: true, code: String(a) },
      { attemptId: bAttempt, alertId: b, recipientId: rb, pending: false, code: null },
    ]);
    expect((await replyCandidates(q, from, T0 + 60_000)).map((c) => c.alertId)).toEqual([a]);
    expect(await replyCandidates(q, '+46709999999', T0)).toEqual([]);
    expect(await inboundContext(q, from, null)).toEqual({ seen: false, language: 'en' });
    expect(await inboundContext(q, '+46709999999', null)).toEqual({ seen: false, language: 'sv' });
  });

  it('opts a number out and in, and lists the texts still queued to it', async () => {
    const w = world(q);
    const from = '+46704444444';
    const contactId = await w.contact('Stopp', from);
    const alertId = await w.alert('stopp');
    const recipientId = await w.recipient(alertId, contactId, 'Stopp', from);
    const queued = await w.attempt(alertId, recipientId, from, { state: 'queued', sid: null });
    await w.attempt(alertId, recipientId, from, { cycle: 1 });
    expect(await isOptedOut(q, from)).toBe(false);
    expect(await markOptedOut(q, from, T0 + 10)).toBe(true);
    expect(await markOptedOut(q, from, T0 + 11)).toBe(false);
    expect(await isOptedOut(q, from)).toBe(true);
    expect(await q.get(sql`SELECT sms_opted_out_at AS "at" FROM phone_numbers WHERE e164 = ${from}`)).toEqual({ at: T0 + 10 });
    expect(await queuedTextsTo(q, from)).toEqual([
      {
        id: queued,
        alertId,
        recipientId,
        channel: 'sms',
        purpose: 'alert',
        e164: from,
        cycle: 0,
        attemptNo: 0,
        state: 'queued',
        carrierSid: null,
        submittingAt: null,
        notBefore: T0,
      },
    ]);
    expect(await markOptedIn(q, from, T0 + 20)).toBe(true);
    expect(await markOptedIn(q, from, T0 + 21)).toBe(false);
    expect(await isOptedOut(q, from)).toBe(false);
  });

  it("reads an alert's texts and tells when a number waits for another alert's answer (reply codes)", async () => {
    const w = world(q);
    const from = '+46705555555';
    const contactId = await w.contact('Två', from);
    const first = await w.alert('två-a', { drill: true, language: 'en' });
    const r1 = await w.recipient(first, contactId, 'Två', from);
    expect(await alertTexts(q, first)).toEqual({ smsText: 'SMS två-a', voiceText: 'Röst två-a', drill: true, language: 'en', policy: '{"voicemail":"leave_message"}' });
    expect(await alertTexts(q, 999_999)).toBeUndefined();
    await w.attempt(first, r1, from);
    const second = await w.alert('två-b');
    const r2 = await w.recipient(second, contactId, 'Två', from);
    // Other alerts of earlier cases take answers too: this number waits only for the first.
    expect(await otherAlertWaiting(q, from, second, T0)).toBe(true);
    expect(await otherAlertWaiting(q, from, first, T0)).toBe(false);
    await q.run(sql`UPDATE alert_recipients SET state = 'confirmed' WHERE id = ${r1}`);
    expect(await otherAlertWaiting(q, from, second, T0)).toBe(false);
    expect(await replyCodeOf(q, r2)).toBeNull();
    await setReplyCode(q, r2, String(second));
    expect(await replyCodeOf(q, r2)).toBe(String(second));
  });

  it("knows a call's party, notes machine detection once, and queues the SMS fallback once (never to an opted-out number)", async () => {
    const w = world(q);
    const from = '+46706666666';
    const contactId = await w.contact('Röst', from, 'en');
    const alertId = await w.alert('röst');
    const recipientId = await w.recipient(alertId, contactId, 'Röst', from);
    const call = await w.attempt(alertId, recipientId, from, { channel: 'voice', sid: 'CAröst' });
    expect(await callParty(q, call)).toEqual({
      alertId,
      recipientId,
      alertLanguage: 'sv',
      contactLanguage: 'en',
      active: true,
      recipientState: 'pending',
      confirmKey: '1',
      declineKey: '9',
    });
    expect(await callParty(q, 999_999)).toBeUndefined();
    const event = { attemptId: call, sid: 'CAröst', kind: 'amd' as const, status: 'machine_start', payload: '{}', at: T0 };
    expect(await noteCallEvent(q, event)).toBe(true);
    expect(await noteCallEvent(q, { ...event, at: T0 + 1 })).toBe(false);
    await setAnsweredBy(q, call, 'machine_start');
    expect(await q.get(sql`SELECT answered_by AS "answeredBy" FROM dispatch_attempts WHERE id = ${call}`)).toEqual({ answeredBy: 'machine_start' });

    await queueSmsFallback(q, recipientId, T0 + 5);
    await queueSmsFallback(q, recipientId, T0 + 6);
    const texts = await q.all(sql`
      SELECT e164, state, not_before AS "notBefore" FROM dispatch_attempts WHERE recipient_id = ${recipientId} AND channel = 'sms'`);
    expect(texts).toEqual([{ e164: from, state: 'queued', notBefore: T0 + 5 }]);

    const other = '+46706666667';
    const stopped = await w.contact('Stoppad', other);
    const r2 = await w.recipient(alertId, stopped, 'Stoppad', other);
    await markOptedOut(q, other, T0);
    await queueSmsFallback(q, r2, T0 + 5);
    expect(await q.all(sql`SELECT id FROM dispatch_attempts WHERE recipient_id = ${r2}`)).toEqual([]);

    expect(await alertPolicy(q, alertId)).toBe('{"voicemail":"leave_message"}');
    expect(await alertSpeech(q, alertId)).toEqual({ voiceText: 'Röst röst', drill: false, language: 'sv', confirmKey: '1', declineKey: '9' });
    await q.run(sql`UPDATE alerts SET state = 'completed' WHERE id = ${alertId}`);
    expect((await callParty(q, call))?.active).toBe(false);
  });

  it("gives a recipient's timeline rows in order, and the timeline built from them", async () => {
    const w = world(q);
    const from = '+46707777777';
    const contactId = await w.contact('Tid', from);
    const alertId = await w.alert('tid');
    const recipientId = await w.recipient(alertId, contactId, 'Tid Person', from);
    const call = await w.attempt(alertId, recipientId, from, { channel: 'voice', sid: 'CAtid', state: 'completed' });
    await q.run(sql`UPDATE dispatch_attempts SET answered_at = ${T0 + 3}, finished_at = ${T0 + 9} WHERE id = ${call}`);
    const insertEvent = (kind: string, status: string, at: number) =>
      q.run(sql`INSERT INTO carrier_events (attempt_id, sid, kind, status, payload, received_at) VALUES (${call}, ${`CAtid-${at}`}, ${kind}, ${status}, '{}', ${at})`);
    await insertEvent('call', 'ringing', T0 + 2);
    await insertEvent('call', 'ringing', T0 + 1);
    await insertEvent('call', 'completed', T0 + 9);
    await insertEvent('amd', 'human', T0 + 4);
    await recordResponse(q, response({ alertId, recipientId, attemptId: call, channel: 'dtmf', fromE164: from, body: '1', carrierSid: 'CAtid', receivedAt: T0 + 5 }));

    expect(await recipientName(q, alertId, recipientId)).toBe('Tid Person');
    expect(await recipientName(q, alertId + 1, recipientId)).toBeUndefined();
    expect(await recipientAttempts(q, recipientId)).toEqual([
      {
        id: call,
        channel: 'voice',
        purpose: 'alert',
        e164: from,
        state: 'completed',
        queuedAt: T0,
        submittedAt: T0 + 1,
        answeredAt: T0 + 3,
        finishedAt: T0 + 9,
        errorCode: null,
        errorMessage: null,
      },
    ]);
    expect(await recipientCallEvents(q, recipientId)).toEqual([
      { attemptId: call, kind: 'amd', status: 'human', receivedAt: T0 + 4 },
      { attemptId: call, kind: 'call', status: 'ringing', receivedAt: T0 + 1 },
    ]);
    expect(await recipientResponses(q, recipientId)).toEqual([{ attemptId: call, channel: 'dtmf', meaning: 'confirm', body: '1', receivedAt: T0 + 5 }]);

    const timeline = await recipientTimeline(q, alertId, recipientId);
    expect(timeline.name).toBe('Tid Person');
    expect(timeline.entries.map((e) => e.step)).toEqual(['queued', 'dialled', 'ringing', 'answered', 'pressed_confirm', 'completed']);
    await expect(recipientTimeline(q, alertId, 999_999)).rejects.toMatchObject({ code: 'alerts.recipient_not_found' });
  });

  it('answers inbound texts that need no dispatch outcome: free text, strangers, a question when unclear, STOPP and START, a retry once', async () => {
    const w = world(q);
    const from = '+46708888888';
    const contactId = await w.contact('Svar', from);
    const deps = { store: opened.store, outcomes: noOutcomes, endCalls: () => {}, kick: () => {}, now: () => T0 };
    const sms = (Body: string, MessageSid: string, From = from) => answerInboundSms(deps, { From, Body, MessageSid });

    const a = await w.alert('svar-a');
    const ra = await w.recipient(a, contactId, 'Svar', from);
    await w.attempt(a, ra, from);
    expect(await sms('Vad gäller det?', 'SMs1')).not.toContain('<Message>');
    expect(await sms('JA', 'SMs2', '+46700000001')).not.toContain('<Message>');

    const b = await w.alert('svar-b');
    const rb = await w.recipient(b, contactId, 'Svar', from);
    await w.attempt(b, rb, from);
    await setReplyCode(q, ra, String(a));
    await setReplyCode(q, rb, String(b));
    const question = await sms('ja', 'SMs3');
    expect(question).toContain(`Svara JA följt av larmets kod: JA ${a} eller JA ${b}.`);

    expect(await sms('STOPP', 'SMs4')).toContain('Du får inte längre SMS från GDial. Svara START för att få dem igen.');
    expect(await isOptedOut(q, from)).toBe(true);
    // The same message again (Twilio retried): answered once, nothing more recorded.
    expect(await sms('STOPP', 'SMs4')).not.toContain('<Message>');
    expect(await sms('START', 'SMs5')).not.toContain('<Message>'); // Twilio's own word: Twilio answers
    expect(await isOptedOut(q, from)).toBe(false);
    expect(await sms('Stopp!', 'SMs6')).toContain('Du får inte längre SMS');

    const mine = (await responsesPage(q, { limit: 200 })).filter((r) => r.fromE164 === from || r.fromE164 === '+46700000001').reverse();
    expect(mine.map((r) => [r.body, r.meaning, r.alertId])).toEqual([
      ['Vad gäller det?', 'unknown', a],
      ['JA', 'confirm', null],
      ['ja', 'confirm', null],
      ['STOPP', 'stop', null],
      ['START', 'start', null],
      ['Stopp!', 'stop', null],
    ]);
    expect(await q.get(sql`SELECT state FROM alert_recipients WHERE id = ${ra}`)).toEqual({ state: 'pending' });
  });

  it('counts a confirmation once: the same message again, delivered twice at once, or a later JA change nothing more', async () => {
    const w = world(q);
    const from = '+46709090909';
    const contactId = await w.contact('Ett svar', from);
    const alertId = await w.alert('ett-svar');
    const recipientId = await w.recipient(alertId, contactId, 'Ett svar', from);
    const attemptId = await w.attempt(alertId, recipientId, from);
    const ends: unknown[] = [];
    let kicks = 0;
    const deps = { store: opened.store, outcomes: new AsyncOutcomes(opened.store), endCalls: (c: unknown[]) => ends.push(...c), kick: () => kicks++, now: () => T0 + 100 };
    const sms = (Body: string, MessageSid: string) => answerInboundSms(deps, { From: from, Body, MessageSid });

    // Twilio's retry can arrive while the first delivery is still being answered.
    const answers = await Promise.all([sms('Ja, kommer', 'SMc1'), sms('Ja, kommer', 'SMc1')]);
    expect(answers.some((a) => a.includes('Tack, din bekräftelse är registrerad.'))).toBe(true);
    expect(await sms('Ja, kommer', 'SMc1')).not.toContain('<Message>');
    // Already answered: a later JA is kept for the record, not read back as a confirmation.
    expect(await sms('ja', 'SMc2')).not.toContain('<Message>');
    expect(await q.get(sql`SELECT state, confirmed_at AS "at", confirmed_via AS via FROM alert_recipients WHERE id = ${recipientId}`)).toEqual({
      state: 'confirmed',
      at: T0 + 100,
      via: 'sms',
    });
    const rows = await q.all(sql`
      SELECT carrier_sid AS sid, attempt_id AS "attemptId", recipient_id AS "recipientId", meaning FROM responses WHERE from_e164 = ${from} ORDER BY id`);
    expect(rows).toEqual([
      { sid: 'SMc1', attemptId, recipientId, meaning: 'confirm' },
      { sid: 'SMc2', attemptId: null, recipientId: null, meaning: 'confirm' },
    ]);
    expect(kicks).toBeGreaterThanOrEqual(1);
    expect(ends).toEqual([]);
    const timeline = await recipientTimeline(q, alertId, recipientId);
    expect(timeline.entries.filter((e) => e.step === 'replied_confirm')).toHaveLength(1);
  });

  it('STOPP cancels the texts still queued to the number, and the carrier code says why', async () => {
    const w = world(q);
    const from = '+46709191919';
    const contactId = await w.contact('Kö', from);
    const alertId = await w.alert('kö');
    const recipientId = await w.recipient(alertId, contactId, 'Kö', from);
    await w.attempt(alertId, recipientId, from);
    const queued = await w.attempt(alertId, recipientId, from, { cycle: 1, state: 'queued', sid: null });
    const deps = { store: opened.store, outcomes: new AsyncOutcomes(opened.store), endCalls: () => {}, kick: () => {}, now: () => T0 + 200 };
    expect(await answerInboundSms(deps, { From: from, Body: 'avsluta', MessageSid: 'SMq1' })).toContain('Du får inte längre SMS');
    expect(await q.get(sql`SELECT state, error_code AS code, finished_at AS "finishedAt" FROM dispatch_attempts WHERE id = ${queued}`)).toEqual({
      state: 'canceled',
      code: '21610',
      finishedAt: T0 + 200,
    });
    expect(await isOptedOut(q, from)).toBe(true);
  });

  it('writes each text: the reply hint, a reply code only while the number waits for another alert (remembered), the stand-down', async () => {
    const w = world(q);
    const from = '+46709292929';
    const contactId = await w.contact('Text', from);
    const a = await w.alert('text-a', { drill: true });
    const ra = await w.recipient(a, contactId, 'Text', from);
    await w.attempt(a, ra, from, { state: 'queued', sid: null });
    const bodies = new TextBodies(q, () => T0);
    const [first] = await queuedTextsTo(q, from);
    expect(await bodies.bodyFor(first!)).toBe(smsBody('SMS text-a', { drill: true, language: 'sv', replyCode: null }));
    expect(await replyCodeOf(q, ra)).toBeNull();

    const b = await w.alert('text-b');
    await q.run(sql`UPDATE alerts SET policy = ${'{"standDownText":"Avblåst, tack."}'} WHERE id = ${b}`);
    const rb = await w.recipient(b, contactId, 'Text', from);
    await w.attempt(b, rb, from, { state: 'queued', sid: null });
    const second = (await queuedTextsTo(q, from)).find((t) => t.alertId === b)!;
    const coded = smsBody('SMS text-b', { drill: false, language: 'sv', replyCode: String(b) });
    expect(coded).toContain(`Svara JA ${b} för att bekräfta.`);
    expect(await bodies.bodyFor(second)).toBe(coded);
    expect(await replyCodeOf(q, rb)).toBe(String(b));
    // The first alert answered: the code stays what the person was told.
    await q.run(sql`UPDATE alert_recipients SET state = 'confirmed' WHERE id = ${ra}`);
    expect(await bodies.bodyFor(second)).toBe(coded);
    expect(await bodies.bodyFor({ ...second, purpose: 'stand_down' })).toBe(standDownBody('Avblåst, tack.', { drill: false, language: 'sv' }));
  });
});
