/**
 * How inbound messages follow each other, on a real engine, SQLite and PostgreSQL, through the
 * router: a CAP Cancel that names only the Update before it still finds the proposal; the same
 * Update (or Cancel) again is a repeat that changes nothing, also when two copies arrive together;
 * follow-ups and repeats are matched within one source only; an Update of an alarm GDial never
 * received is a new alarm, a Cancel of one is not_found.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodInput, TriggerResult } from '../../contract';
import type { Connection } from '../../rpc/router';
import { bookWithGroup, FAST } from '../../test-support/alert-fixture';
import { engineBackends, startTestEngineOn } from '../../test-support/backends';
import type { TestEngine } from '../../test-support/engine-fixture';

const SENDER = 'varningar@vader.exempel.se';
const SENT = '2026-12-07T09:15:00+01:00';

interface Cap {
  id: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** Identifiers of earlier messages (as triples with SENDER unless a triple is given). */
  refs?: readonly string[];
  headline?: string;
  sender?: string;
}

/** A small valid CAP 1.2 document (written for the test). */
function cap(m: Cap): string {
  const sender = m.sender ?? SENDER;
  const refs = (m.refs ?? []).map((r) => (r.includes(',') ? r : `${sender},${r},${SENT}`)).join(' ');
  const info =
    m.msgType === 'Cancel'
      ? ''
      : `<info><language>sv-SE</language><category>Met</category><event>Mycket höga flöden</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><headline>${m.headline ?? 'Höga flöden i Ljusnan'}</headline>
    <area><areaDesc>Ljusdals kommun</areaDesc></area></info>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${m.id}</identifier><sender>${sender}</sender><sent>${SENT}</sent>
  <status>Actual</status><msgType>${m.msgType}</msgType><scope>Public</scope>${refs ? `<references>${refs}</references>` : ''}${info}</alert>`;
}

describe.each(engineBackends())('inbound message chains on $name', (backend) => {
  let t: TestEngine;
  let op: Connection;
  let other: Connection;
  let templateId: number;
  const events: Array<EventPayload<'proposals.changed'>> = [];

  beforeAll(async () => {
    t = await startTestEngineOn(backend, {
      simulatorConfig: { ...FAST, ringMs: { min: 60_000, max: 60_000 } },
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50' },
    });
    op = await t.signedIn('operator', 'larmcentral');
    // Another source (its name is the source, as an API key's is).
    other = await t.signedIn('operator', 'brandlarm');
    const { groupId } = await bookWithGroup(t, op, 2, 'Beredskap');
    templateId = (
      await t.call(op, 'templates.create', {
        name: 'Höga flöden',
        smsText: 'Höga flöden väntas. Beredskapsgruppen samlas.',
        alertDefaults: { groupIds: [groupId], channels: ['sms'] },
      } as MethodInput<'templates.create'>)
    ).id;
    t.engine.bus.on((name, payload) => {
      if (name === 'proposals.changed') events.push(payload as EventPayload<'proposals.changed'>);
    });
  }, 60_000);
  afterAll(() => t?.stop());

  /** One rule only (rules are global; the cases must not see each other's). */
  async function useRule(fields: Partial<MethodInput<'triggers.createRule'>> = {}): Promise<void> {
    for (const r of await t.call(op, 'triggers.rules', {})) await t.call(op, 'triggers.deleteRule', { id: r.id });
    await t.call(op, 'triggers.createRule', { name: 'Flöden', templateId, ...fields } as MethodInput<'triggers.createRule'>);
  }

  let seq = 0;
  const id = (name: string) => `2.49.0.1.752.0.${backend.name}.${++seq}.${name}`;
  const send = (who: Connection, m: Cap) => t.call(who, 'triggers.cap', { xml: cap(m) });
  const refused = (who: Connection, m: Cap) => t.engine.router.call(who, 'triggers.cap', { xml: cap(m) });
  const proposal = (pid: number | null) => t.call(op, 'proposals.get', { id: pid! });
  const count = async (table: string) => (await t.engine.store.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.identifier(table)}`))!.n;
  const counts = async () => ({ proposals: await count('proposals'), messages: await count('proposal_messages') });

  it('Alert → Update → a Cancel that references only the Update: the chain is followed to the proposal', async () => {
    await useRule();
    const [alert, update, cancel] = [id('alert'), id('update'), id('cancel')];
    const first = await send(op, { id: alert, msgType: 'Alert' });
    expect(first.outcome).toBe('proposed');
    expect(await send(op, { id: update, msgType: 'Update', refs: [alert], headline: 'Röd varning' })).toEqual({ outcome: 'updated', proposalId: first.proposalId, alertId: null });
    // Legal CAP: a Cancel naming the latest message only.
    expect(await send(op, { id: cancel, msgType: 'Cancel', refs: [update] })).toEqual({ outcome: 'withdrawn', proposalId: first.proposalId, alertId: null });
    expect(await proposal(first.proposalId)).toMatchObject({ state: 'withdrawn', headline: 'Röd varning', updates: 1 });
    const messages = await t.engine.store.all<{ externalId: string; msgType: string }>(
      sql`SELECT external_id AS "externalId", msg_type AS "msgType" FROM proposal_messages WHERE proposal_id = ${first.proposalId} ORDER BY id`,
    );
    expect(messages).toEqual([
      { externalId: alert, msgType: 'Alert' },
      { externalId: update, msgType: 'Update' },
      { externalId: cancel, msgType: 'Cancel' },
    ]);

    // A reference given with the sender of the triple: another sender's identifier is another message.
    const next = await send(op, { id: id('alert'), msgType: 'Alert' });
    const elsewhere = await refused(op, { id: id('cancel'), msgType: 'Cancel', refs: [`annan@exempel.se,${update},${SENT}`] });
    expect(elsewhere).toMatchObject({ ok: false, error: { kind: 'not_found', code: 'triggers.unknown_reference' } });
    expect((await proposal(next.proposalId)).state).toBe('open');
  });

  it('the same Update again is a repeat: duplicate, the same proposal, nothing replaced or counted, also when two copies arrive together', async () => {
    await useRule();
    const alert = id('alert');
    const { proposalId } = await send(op, { id: alert, msgType: 'Alert' });
    const update = { id: id('update'), msgType: 'Update', refs: [alert], headline: 'Röd varning' } as const;
    expect((await send(op, update)).outcome).toBe('updated');
    const written = () => t.engine.store.get<{ at: number | string }>(sql`SELECT updated_at AS "at" FROM proposals WHERE id = ${proposalId}`);
    const before = await written();
    expect(await send(op, { ...update, headline: 'Annan rubrik' })).toEqual({ outcome: 'duplicate', proposalId, alertId: null });
    expect(await proposal(proposalId)).toMatchObject({ headline: 'Röd varning', updates: 1 });
    // Nothing written (on PostgreSQL the proposals follower may still announce the Update itself, so no event count here).
    expect(await written()).toEqual(before);

    // Two copies of the next Update together: one applies, the other is its repeat.
    const second = { id: id('update'), msgType: 'Update', refs: [alert, update.id], headline: 'Extrema flöden' } as const;
    const both = await Promise.all([send(op, second), send(op, second)]);
    expect(both.map((r) => r.outcome).sort()).toEqual(['duplicate', 'updated']);
    expect(both.every((r: TriggerResult) => r.proposalId === proposalId)).toBe(true);
    expect(await proposal(proposalId)).toMatchObject({ headline: 'Extrema flöden', updates: 2 });

    // On a launched proposal too: counted once.
    const draft = (await proposal(proposalId)).draft!;
    const launched = await t.call(op, 'alerts.launch', { launchKey: `chain-launch-${proposalId}`, draft, proposalId: proposalId! });
    const third = { id: id('update'), msgType: 'Update', refs: [second.id] } as const;
    expect(await send(op, third)).toEqual({ outcome: 'updated', proposalId, alertId: launched.id });
    expect(await send(op, third)).toEqual({ outcome: 'duplicate', proposalId, alertId: launched.id });
    expect((await proposal(proposalId)).updates).toBe(3);

    // The same Cancel again once the operator has answered: a repeat, not asked again.
    const cancel = { id: id('cancel'), msgType: 'Cancel', refs: [alert] } as const;
    expect((await send(op, cancel)).outcome).toBe('cancel_requested');
    await t.call(op, 'proposals.resolveCancel', { id: proposalId!, stop: true });
    expect(await send(op, cancel)).toEqual({ outcome: 'duplicate', proposalId, alertId: launched.id });
    expect((await proposal(proposalId)).cancelRequested).toBe(false);
  });

  it('follow-ups and repeats are matched within one source: another source’s message with the same sender and id is its own', async () => {
    await useRule();
    const alert = id('alert');
    const mine = await send(op, { id: alert, msgType: 'Alert' });
    const before = await proposal(mine.proposalId);

    // Another source's Update naming this alarm: that source never sent it, so it is a new alarm of its own.
    const theirUpdate = await send(other, { id: id('update'), msgType: 'Update', refs: [alert], headline: 'Kapad rubrik' });
    expect(theirUpdate.outcome).toBe('proposed');
    expect(theirUpdate.proposalId).not.toBe(mine.proposalId);
    expect(await proposal(theirUpdate.proposalId)).toMatchObject({ sourceKey: 'brandlarm', msgType: 'Update', headline: 'Kapad rubrik' });
    // Its Cancel naming the alarm withdraws that source's own proposal (the Update's chain holds the
    // alarm it named); the first source's proposal stands.
    expect(await send(other, { id: id('cancel'), msgType: 'Cancel', refs: [alert] })).toMatchObject({ outcome: 'withdrawn', proposalId: theirUpdate.proposalId });
    // The same Alert from the other source, late: part of that source's chain, not of the first source's.
    expect(await send(other, { id: alert, msgType: 'Alert' })).toMatchObject({ outcome: 'duplicate', proposalId: theirUpdate.proposalId });
    expect(await proposal(theirUpdate.proposalId)).toMatchObject({ sourceKey: 'brandlarm', state: 'withdrawn' });
    expect(await proposal(mine.proposalId)).toEqual(before);

    // JSON alike: another source's Cancel of this source's JSON alarm is unknown to it.
    const json = { id: id('json'), sender: 'Larmcentralen', event: 'Brand', headline: 'Brand i Åby' };
    const mineJson = await t.call(op, 'triggers.json', json);
    expect(await t.engine.router.call(other, 'triggers.json', { ...json, msgType: 'Cancel' })).toMatchObject({ ok: false, error: { code: 'triggers.unknown_reference' } });
    expect((await proposal(mineJson.proposalId)).state).toBe('open');
  });

  it('an Update of an alarm never received is a new alarm through the rules; a Cancel of one is not_found and changes nothing', async () => {
    await useRule({ event: 'mycket höga flöden' });
    const missed = id('never-received');
    const update = id('update');
    const fresh = await send(op, { id: update, msgType: 'Update', refs: [missed], headline: 'Mitt i förloppet' });
    expect(fresh.outcome).toBe('proposed');
    expect(events).toContainEqual({ ids: [fresh.proposalId], created: [fresh.proposalId] });
    expect(await proposal(fresh.proposalId)).toMatchObject({ state: 'open', msgType: 'Update', headline: 'Mitt i förloppet', updates: 0, draft: { title: 'Mitt i förloppet' } });
    // It is followed like any alarm: its repeat is a duplicate, a Cancel naming it withdraws it.
    expect(await send(op, { id: update, msgType: 'Update', refs: [missed] })).toEqual({ outcome: 'duplicate', proposalId: fresh.proposalId, alertId: null });
    expect(await send(op, { id: id('cancel'), msgType: 'Cancel', refs: [missed, update] })).toMatchObject({ outcome: 'withdrawn', proposalId: fresh.proposalId });
    // A Cancel naming only the alarm's first message, which GDial never received, finds it too.
    const first = id('never-received');
    const onlyFirst = await send(op, { id: id('update'), msgType: 'Update', refs: [first] });
    expect(onlyFirst.outcome).toBe('proposed');
    expect(await send(op, { id: id('cancel'), msgType: 'Cancel', refs: [first] })).toMatchObject({ outcome: 'withdrawn', proposalId: onlyFirst.proposalId });

    // No rule matches it: unmatched, nothing written.
    let before = await counts();
    const unmatched = await t.call(op, 'triggers.json', { id: id('json'), sender: 'Larmcentralen', event: 'Brand', msgType: 'Update' });
    expect(unmatched).toEqual({ outcome: 'unmatched', proposalId: null, alertId: null });
    expect(await counts()).toEqual(before);
    // A JSON Update of an unknown alarm, matched: proposed; its next Update (the same id) updates it.
    const jsonUpdate = { id: id('json'), sender: 'Larmcentralen', event: 'Mycket höga flöden', msgType: 'Update' } as const;
    const jsonFresh = await t.call(op, 'triggers.json', jsonUpdate);
    expect(jsonFresh.outcome).toBe('proposed');
    expect(await t.call(op, 'triggers.json', { ...jsonUpdate, headline: 'Nu värre' })).toEqual({ outcome: 'updated', proposalId: jsonFresh.proposalId, alertId: null });

    // A launch-at-once rule launches it as it would an Alert.
    await useRule({ event: 'mycket höga flöden', launchAtOnce: true });
    const launched = await send(op, { id: id('update'), msgType: 'Update', refs: [id('never-received')] });
    expect(launched.outcome).toBe('launched');
    expect(await proposal(launched.proposalId)).toMatchObject({ state: 'launched', alertId: launched.alertId });

    // A Cancel of an alarm never received: nothing to withdraw.
    before = await counts();
    const cancel = await refused(op, { id: id('cancel'), msgType: 'Cancel', refs: [id('never-received')] });
    expect(cancel).toMatchObject({ ok: false, error: { kind: 'not_found', code: 'triggers.unknown_reference' } });
    expect(await counts()).toEqual(before);
  });
});
