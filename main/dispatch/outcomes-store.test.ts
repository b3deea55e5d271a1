// The ledger, outcomes and staging through the store, on SQLite and PostgreSQL: the same rows,
// the same guarantees (conditional claims, idempotent callbacks, escalation, quorum, stand-down).
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOne } from '../db/store';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { seedLedger } from '../test-support/report-ledger';
import { takeLead } from '../cluster/cluster-store';
import * as ledger from './ledger-store';
import { AsyncOutcomes } from './outcomes-async';
import { sharedStagedNumbersIn, stageRecipientsIn, summarizeStagedIn, voiceNumbersOf } from './recipients-store';

const POLICY = { cycles: 2, attemptsPerNumber: 1, retryIntervalSeconds: 60, stopOnConfirmation: true, quorum: null, standDownText: '' };

describe.each(testBackends())('ledger and outcomes on $name', (backend) => {
  let db: OpenedTestStore;
  const now = 1_800_000_000_000;
  /** This store's leadership epoch: claims are fenced by it (cluster/). */
  let epoch: number;
  beforeEach(async () => {
    db = await backend.open();
    ({ epoch } = await takeLead(db.store, { id: 'test', name: 'test' }, now));
  });
  afterEach(async () => {
    await db.close();
  });

  const attempt = (id: number) =>
    db.store.get<{ state: string; sid: string | null; rank: number; finishedAt: number | null; answeredAt: number | null }>(sql`
      SELECT state, carrier_sid AS sid, status_rank AS rank, finished_at AS "finishedAt", answered_at AS "answeredAt" FROM dispatch_attempts WHERE id = ${id}`);
  const recipient = (id: number) => db.store.get<{ state: string }>(sql`SELECT state FROM alert_recipients WHERE id = ${id}`);
  const alertState = async (id: number) => (await db.store.get<{ state: string }>(sql`SELECT state FROM alerts WHERE id = ${id}`))?.state;

  async function seedQueued(people: number, policy: object = POLICY, numbers: string[][] = []) {
    const seeded = await seedLedger(
      db.store,
      { title: 'Brand', state: 'queued', createdAt: now - 1000, policy, channels: ['voice'] },
      Array.from({ length: people }, (_, i) => ({ name: `P${i}`, attempts: [{ channel: 'voice' as const, state: 'queued' as const, queuedAt: now - 1000, cycle: 0 }] })),
    );
    for (const [i, id] of seeded.recipientIds.entries()) {
      const own = numbers[i] ?? [`+4670000000${i}`];
      await db.store.run(sql`UPDATE alert_recipients SET voice_numbers = ${JSON.stringify(own)}, sms_number = ${own[0]!} WHERE id = ${id}`);
      await db.store.run(sql`UPDATE dispatch_attempts SET e164 = ${own[0]!} WHERE id = ${seeded.attemptIds[i]![0]!}`);
    }
    return seeded;
  }

  it('counts the calls under way, and only those: not texts in flight, not calls queued or finished', async () => {
    const states = ['queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'completed', 'in_doubt'] as const;
    await seedLedger(
      db.store,
      { title: 'Brand', state: 'running', createdAt: now, channels: ['voice', 'sms'] },
      states.map((state, i) => ({
        name: `P${i}`,
        attempts: [
          { channel: 'voice' as const, state, queuedAt: now, e164: `+4670000001${i}` },
          { channel: 'sms' as const, state, queuedAt: now, e164: `+4670000001${i}` },
        ],
      })),
    );
    expect(await ledger.activeCalls(db.store)).toBe(4);
    if (backend.name === 'sqlite') {
      // Read from the partial index of calls under way: a few entries, whatever else is in flight.
      const plan = await db.store.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN SELECT COUNT(*) AS n FROM dispatch_attempts
        WHERE channel = 'voice' AND state IN ('submitting', 'submitted', 'ringing', 'in_progress')`);
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX dispatch_attempts_calls_under_way_idx/);
    }
  });

  it('claims only queued attempts, counts them, starts the alert, and a crash leaves them in doubt', async () => {
    const { alertId, attemptIds } = await seedQueued(3);
    const ids = attemptIds.map((a) => a[0]!);
    const due = await ledger.dueAttempts(db.store, now, 'voice', 10);
    expect(due.map((a) => a.id)).toEqual(ids);
    expect(due[0]).toMatchObject({ alertId, channel: 'voice', purpose: 'alert', state: 'queued', carrierSid: null, submittingAt: null });
    expect(await ledger.nextDueAt(db.store)).toBe(now - 1000);
    // Another writer took the second one first.
    await db.store.run(sql`UPDATE dispatch_attempts SET state = 'canceled' WHERE id = ${ids[1]!}`);
    const claimed = await ledger.markSubmitting(db.store, ids, now, epoch);
    expect([...claimed]).toEqual([ids[0], ids[2]]);
    expect(await ledger.markSubmitting(db.store, ids, now, epoch)).toEqual(new Set());
    // A new leader's pacing starts from these creates (claimed now, by whichever engine).
    expect(await ledger.recentSpends(db.store, now - 2000)).toEqual([
      { channel: 'voice', at: now, units: 1 },
      { channel: 'voice', at: now, units: 1 },
    ]);
    expect(await ledger.recentSpends(db.store, now + 1)).toEqual([]);
    // A deposed leader (an older epoch) claims nothing.
    const fresh = await seedQueued(1);
    await takeLead(db.store, { id: 'other', name: 'other' }, now);
    expect(await ledger.markSubmitting(db.store, [fresh.attemptIds[0]![0]!], now, epoch)).toEqual(new Set());
    expect(await alertState(alertId)).toBe('running');
    expect(await ledger.activeCalls(db.store)).toBe(2);
    await ledger.markSubmitted(db.store, ids[0]!, { sid: 'CA1', account: 'AC', sentAt: now + 1 }, now + 1);
    expect(await ledger.knownSid(db.store, 'CA1')).toBe(true);
    expect((await ledger.attemptBySid(db.store, 'CA1'))?.id).toBe(ids[0]);
    // The engine dies with the third one mid-submit.
    expect(await ledger.recoverInterrupted(db.store, now + 2)).toBe(1);
    expect((await ledger.inDoubtAttempts(db.store)).map((a) => a.id)).toEqual([ids[2]]);
    expect((await ledger.getAttempt(db.store, ids[2]!))?.submittingAt).toBe(now);
    await ledger.requeue(db.store, ids[2]!, now + 5, null, now + 3);
    expect((await ledger.getAttempt(db.store, ids[2]!))?.state).toBe('queued');
  });

  it('applies a status once (a repeated callback changes nothing), escalates to the next number, and completes', async () => {
    const { alertId, recipientIds, attemptIds } = await seedQueued(1, POLICY, [['+46700000001', '+46700000002']]);
    const id = attemptIds[0]![0]!;
    await ledger.markSubmitting(db.store, [id], now, epoch);
    await ledger.markSubmitted(db.store, id, { sid: 'CA1', account: 'AC', sentAt: now }, now);
    const outcomes = new AsyncOutcomes(db.store);
    const apply = (status: string, extra: object = {}) =>
      db.store.unit((tx) => outcomes.applyStatus(tx, { kind: 'call', attemptId: id, sid: 'CA1', status, payload: { CallStatus: status }, ...extra }, now + 10));
    expect(await apply('in-progress')).toEqual([]);
    expect(await attempt(id)).toMatchObject({ state: 'in_progress', rank: 4, answeredAt: now + 10, finishedAt: null });
    expect(await apply('ringing')).toEqual([]); // late: no step back
    expect((await attempt(id))?.state).toBe('in_progress');
    await apply('no-answer', { durationS: 0 });
    expect(await attempt(id)).toMatchObject({ state: 'no_answer', rank: 5, finishedAt: now + 10 });
    await apply('no-answer'); // the same callback again
    const events = await getOne<{ n: number }>(db.store, sql`SELECT COUNT(*) AS n FROM carrier_events WHERE sid = 'CA1'`, 'events');
    expect(Number(events.n)).toBe(3);
    const steps = await db.store.all<{ e164: string; cycle: number; state: string }>(sql`
      SELECT e164, cycle, state FROM dispatch_attempts WHERE recipient_id = ${recipientIds[0]!} ORDER BY id`);
    expect(steps).toEqual([
      { e164: '+46700000001', cycle: 0, state: 'no_answer' },
      { e164: '+46700000002', cycle: 0, state: 'queued' },
    ]);
    // Nothing left to try once the last step fails: unreached, and the alert completes.
    const second = (await ledger.dueAttempts(db.store, now + 20, 'voice', 10))[0]!;
    await outcomes.finish(second, 'failed', { code: '21211', message: 'invalid' }, now + 20);
    const third = (await ledger.dueAttempts(db.store, now + 120_000, 'voice', 10))[0]!;
    expect(third).toMatchObject({ e164: '+46700000001', cycle: 1 });
    await outcomes.finish(third, 'failed', {}, now + 120_000);
    const fourth = (await ledger.dueAttempts(db.store, now + 120_000, 'voice', 10))[0]!;
    await outcomes.finish(fourth, 'failed', {}, now + 120_000);
    expect((await recipient(recipientIds[0]!))?.state).toBe('unreached');
    expect(await alertState(alertId)).toBe('completed');
  });

  it('a confirmation reaches quorum: queued work cancelled, live calls returned, stand-down texts to those contacted', async () => {
    const policy = { ...POLICY, quorum: 1, standDownText: 'Tack, vi är fulltaliga' };
    const { alertId, recipientIds, attemptIds } = await seedQueued(3, policy);
    const [a, b] = [attemptIds[0]![0]!, attemptIds[1]![0]!];
    await ledger.markSubmitting(db.store, [a, b], now, epoch);
    await ledger.markSubmitted(db.store, a, { sid: 'CA_A', account: 'AC', sentAt: now }, now);
    await ledger.markSubmitted(db.store, b, { sid: 'CA_B', account: 'AC', sentAt: now }, now);
    const outcomes = new AsyncOutcomes(db.store);
    const ends = await outcomes.respond(a, 'confirm', { channel: 'dtmf', from: '+46700000000', body: '1', sid: 'CA_A' }, now + 5);
    // Quorum ends every live call of the alert (as it always has), the confirming one too.
    expect(ends.map((e) => e.sid).sort()).toEqual(['CA_A', 'CA_B']);
    expect(ends.every((e) => e.alertId === alertId && !e.inProgress)).toBe(true);
    expect(await outcomes.respond(a, 'confirm', { channel: 'dtmf', from: '+46700000000', body: '1', sid: 'CA_A' }, now + 6)).toEqual([]);
    expect((await recipient(recipientIds[0]!))?.state).toBe('confirmed');
    expect((await recipient(recipientIds[1]!))?.state).toBe('canceled');
    expect((await attempt(attemptIds[2]![0]!))?.state).toBe('canceled');
    const standDowns = await db.store.all<{ recipientId: number; e164: string; notBefore: number }>(sql`
      SELECT recipient_id AS "recipientId", e164, not_before AS "notBefore" FROM dispatch_attempts WHERE purpose = 'stand_down'`);
    // Only the second person heard of the alert (their call was placed); the third never knew.
    expect(standDowns).toEqual([{ recipientId: recipientIds[1]!, e164: '+46700000001', notBefore: now + 5 }]);
    expect(await alertState(alertId)).toBe('running');
  });

  it('expires alerts past their expiry', async () => {
    const { alertId, attemptIds } = await seedQueued(1);
    await db.store.run(sql`UPDATE alerts SET expires_at = ${now - 1} WHERE id = ${alertId}`);
    expect(await new AsyncOutcomes(db.store).expireDue(now)).toEqual([alertId]);
    expect(await alertState(alertId)).toBe('expired');
    expect((await attempt(attemptIds[0]![0]!))?.state).toBe('canceled');
  });

  it('stages recipients in call-out order once each, and counts them for the pre-flight', async () => {
    const person = async (name: string, active: number, numbers: Array<{ e164: string; kind: string; sms: number; optedOut?: number }>) => {
      const { id } = await getOne<{ id: number }>(
        db.store,
        sql`INSERT INTO contacts (name, active, created_at, updated_at) VALUES (${name}, ${active}, ${now}, ${now}) RETURNING id AS "id"`,
        'contact',
      );
      for (const [priority, n] of numbers.entries()) {
        await db.store.run(sql`
          INSERT INTO phone_numbers (contact_id, e164, kind, priority, voice_capable, sms_capable, sms_opted_out, created_at, updated_at)
          VALUES (${id}, ${n.e164}, ${n.kind}, ${priority}, 1, ${n.sms}, ${n.optedOut ?? 0}, ${now}, ${now})`);
      }
      return id;
    };
    const anna = await person('Anna', 1, [{ e164: '+46701111111', kind: 'mobile', sms: 1 }, { e164: '+4681234567', kind: 'landline', sms: 0 }]);
    const bo = await person('Bo', 1, [{ e164: '+4681234567', kind: 'landline', sms: 0 }]);
    const cilla = await person('Cilla', 0, [{ e164: '+46702222222', kind: 'mobile', sms: 1 }]);
    const dan = await person('Dan', 1, [{ e164: '+46703333333', kind: 'mobile', sms: 1, optedOut: 1 }]);
    const { id: groupId } = await getOne<{ id: number }>(
      db.store,
      sql`INSERT INTO groups (name, created_at, updated_at) VALUES ('Styrka', ${now}, ${now}) RETURNING id AS "id"`,
      'group',
    );
    for (const [position, contact] of [bo, anna, cilla].entries()) {
      await db.store.run(sql`INSERT INTO group_members (group_id, contact_id, position) VALUES (${groupId}, ${contact}, ${position})`);
    }
    const result = await db.store.unit(async (tx) => {
      await stageRecipientsIn(tx, [groupId], [dan, anna]);
      const order = await tx.all<{ contactId: number }>(sql`SELECT contact_id AS "contactId" FROM staged_recipients ORDER BY pos`);
      const voices = await tx.get<{ v: string }>(sql`SELECT ${voiceNumbersOf(tx.dialect, sql`${anna}`)} AS v`);
      return {
        order: order.map((r) => r.contactId),
        voices: JSON.parse(voices!.v) as string[],
        summary: await summarizeStagedIn(tx, ['voice', 'sms']),
        smsOnly: await summarizeStagedIn(tx, ['sms']),
        shared: await sharedStagedNumbersIn(tx, ['voice', 'sms']),
      };
    });
    expect(result.order).toEqual([bo, anna, cilla, dan]);
    expect(result.voices).toEqual(['+46701111111', '+4681234567']);
    expect(result.summary).toEqual({
      recipients: 3,
      withVoice: 3,
      withSms: 1,
      mobile: 2,
      landline: 1,
      otherNumbers: 0,
      optedOut: 1,
      unreachable: 0,
      inactiveSkipped: 1,
    });
    expect(result.smsOnly).toMatchObject({ withVoice: 0, withSms: 1, unreachable: 2 });
    expect(result.shared).toEqual({ count: 1, example: { e164: '+4681234567', names: ['Bo', 'Anna'] } });
  });
});
