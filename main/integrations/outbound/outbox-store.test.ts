/**
 * The outbox's store functions on SQLite and PostgreSQL: queueing is idempotent per
 * (subscription, message id), a row is leased to one claimer at a time (also with two stores on
 * one database claiming at once, as two workstations would), only the lease's holder settles it,
 * a disabled subscription's rows wait, and a burn blanks the alert's text in every payload.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findResourcesDir } from '../../config/paths';
import { openDatabase } from '../../db/open';
import { openPostgres } from '../../db/open-postgres';
import type { Store } from '../../db/store';
import { testBackends, type OpenedTestStore } from '../../test-support/backends';
import { blankOutboxText, claimDue, deliveriesOf, markAttemptFailed, markDelivered, outboxCounts, outboxRow, queueMessages, queuedKeys, releaseLease } from './outbox-store';
import { insertProposal, markLaunched } from '../triggers/proposals-store';
import { payloadOf, proposalData, proposalId } from './messages';
import { deleteSubscription, insertSubscription, listSubscriptions, updateSubscription, type SubscriptionFields } from './subscriptions-store';

const T0 = 1_800_000_000_000;
const fields = (name: string): SubscriptionFields => ({ name, url: 'http://127.0.0.1:9/hook', events: ['alert.launched'], scope: 'all', enabled: true });
const message = (subscriptionId: number, messageId: string, alertId: number | null = null, text: unknown = null) => ({
  subscriptionId,
  messageId,
  eventType: 'alert.launched',
  alertId,
  payload: JSON.stringify({ type: 'alert.launched', timestamp: new Date(T0).toISOString(), data: { id: alertId, title: 'Brand', text } }),
});

/** A second connection to the same database, as another workstation (or another process) has. */
async function secondStore(name: string, where: string): Promise<Store> {
  if (name === 'postgres') return openPostgres({ url: where, migrationsFolder: path.join(findResourcesDir(), 'migrations-pg') });
  return (await openDatabase({ file: path.join(where, 'gdial.db'), migrationsFolder: path.join(findResourcesDir(), 'migrations') })).store;
}

describe.each(testBackends())('webhook outbox on $name', (backend) => {
  let db: OpenedTestStore;
  let other: Store;
  beforeAll(async () => {
    db = await backend.open();
    other = await secondStore(backend.name, db.where);
  });
  afterAll(async () => {
    await other.close();
    await db.close();
  });

  it('queues a message once per subscription, however often it is fed', async () => {
    const a = await insertSubscription(db.store, fields('A'), 'whsec_x', T0);
    const b = await insertSubscription(db.store, fields('B'), 'whsec_y', T0);
    expect(await queueMessages(db.store, [message(a, 'msg_1'), message(b, 'msg_1')], T0)).toBe(2);
    expect(await queueMessages(db.store, [message(a, 'msg_1'), message(b, 'msg_1'), message(a, 'msg_2')], T0 + 1)).toBe(1);
    expect([...(await queuedKeys(db.store, [a, b], ['msg_1', 'msg_2', 'msg_3']))].sort()).toEqual([`${a}:msg_1`, `${a}:msg_2`, `${b}:msg_1`].sort());
    expect([...(await queuedKeys(db.store, [b], ['msg_1', 'msg_2']))]).toEqual([`${b}:msg_1`]);
    const listed = await listSubscriptions(db.store);
    expect(listed.find((s) => s.id === a)).toMatchObject({ pending: 2, failed: 0, lastDeliveryAt: null });
    await deleteSubscription(db.store, a);
    await deleteSubscription(db.store, b);
    expect(await outboxCounts(db.store)).toEqual({ pending: 0, delivered: 0, failed: 0 });
  });

  it('leases a due row to one claimer; only the holder settles it; retries wait until due', async () => {
    const s = await insertSubscription(db.store, fields('Lease'), 'whsec_z', T0);
    await queueMessages(db.store, [message(s, 'msg_lease')], T0);
    const [claimed] = await claimDue(db.store, T0, 60_000, 10);
    expect(claimed).toMatchObject({ messageId: 'msg_lease', leaseUntil: T0 + 60_000, attempts: 0 });
    expect(await claimDue(db.store, T0 + 1_000, 60_000, 10)).toEqual([]);
    // The lease ran out (the holder died): another engine claims it, and the old holder cannot settle it.
    const [again] = await claimDue(db.store, T0 + 61_000, 60_000, 10);
    expect(again!.id).toBe(claimed!.id);
    expect(await markDelivered(db.store, claimed!.id, claimed!.leaseUntil!, { status: 200, error: null }, T0 + 61_500)).toBe(false);
    expect(await markAttemptFailed(db.store, again!.id, again!.leaseUntil!, { status: 500, error: 'HTTP 500' }, T0 + 70_000)).toBe(true);
    expect(await claimDue(db.store, T0 + 69_999, 60_000, 10)).toEqual([]);
    const [third] = await claimDue(db.store, T0 + 70_000, 60_000, 10);
    expect(third).toMatchObject({ attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
    expect(await markDelivered(db.store, third!.id, third!.leaseUntil!, { status: 204, error: null }, T0 + 70_100)).toBe(true);
    expect(await outboxRow(db.store, third!.id)).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 204, lastError: null, deliveredAt: T0 + 70_100, leaseUntil: null });
    expect(await claimDue(db.store, T0 + 999_999, 60_000, 10)).toEqual([]);
    await deleteSubscription(db.store, s);
  });

  it('gives up a row when no retry is left, and gives a row back untried', async () => {
    const s = await insertSubscription(db.store, fields('Give up'), 'whsec_g', T0);
    await queueMessages(db.store, [message(s, 'msg_give_up'), message(s, 'msg_back')], T0);
    const claimed = await claimDue(db.store, T0, 60_000, 10);
    const giveUp = claimed.find((r) => r.messageId === 'msg_give_up')!;
    const back = claimed.find((r) => r.messageId === 'msg_back')!;
    await markAttemptFailed(db.store, giveUp.id, giveUp.leaseUntil!, { status: null, error: 'ECONNREFUSED' }, null);
    await releaseLease(db.store, back.id, back.leaseUntil!);
    expect(await outboxRow(db.store, giveUp.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'ECONNREFUSED' });
    const [reclaimed] = await claimDue(db.store, T0 + 1, 60_000, 10);
    expect(reclaimed).toMatchObject({ messageId: 'msg_back', attempts: 0 });
    expect((await listSubscriptions(db.store)).find((x) => x.id === s)).toMatchObject({ pending: 1, failed: 1 });
    await deleteSubscription(db.store, s);
  });

  it("holds a disabled subscription's rows until it is enabled again", async () => {
    const s = await insertSubscription(db.store, fields('Paused'), 'whsec_p', T0);
    await queueMessages(db.store, [message(s, 'msg_paused')], T0);
    await updateSubscription(db.store, s, { ...fields('Paused'), enabled: false });
    expect(await claimDue(db.store, T0 + 1, 60_000, 10)).toEqual([]);
    await updateSubscription(db.store, s, fields('Paused'));
    expect(await claimDue(db.store, T0 + 2, 60_000, 10)).toHaveLength(1);
    await deleteSubscription(db.store, s);
  });

  it('two workstations claiming at once never lease the same row', async () => {
    const s = await insertSubscription(db.store, fields('Race'), 'whsec_r', T0);
    const ids = Array.from({ length: 60 }, (_, i) => `msg_race_${i}`);
    await queueMessages(
      db.store,
      ids.map((id) => message(s, id)),
      T0,
    );
    // Rounds of eight claimers at once, half on each connection, until every row is leased. On
    // PostgreSQL a claimer that lost the race for its rows gets fewer (or none) this round; what
    // matters is that no row is ever leased twice and none is left behind.
    const claimedIds: string[] = [];
    for (let round = 0; round < 20 && claimedIds.length < ids.length; round++) {
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => claimDue(i % 2 ? other : db.store, T0 + 10, 60_000, 7)));
      claimedIds.push(...claims.flat().map((r) => r.messageId));
    }
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    expect(new Set(claimedIds)).toEqual(new Set(ids));
    expect(await claimDue(other, T0 + 10, 60_000, 100)).toEqual([]);
    await deleteSubscription(db.store, s);
  });

  it("a burn blanks the alert's text in every message about it, and no other", async () => {
    const s = await insertSubscription(db.store, fields('Burn'), 'whsec_b', T0);
    const text = { voice: 'Brand i Åby', sms: 'Brand i Åby, samling vid stationen' };
    await queueMessages(db.store, [message(s, 'msg_burn_1', 7, text), message(s, 'msg_burn_2', 7, text), message(s, 'msg_other', 8, text)], T0);
    const [one] = await claimDue(db.store, T0, 60_000, 1);
    await markDelivered(db.store, one!.id, one!.leaseUntil!, { status: 200, error: null }, T0 + 1);
    expect(await blankOutboxText(db.store, 7)).toBe(2);
    const rows = await deliveriesOf(db.store, s, 10);
    const payloads = await Promise.all(rows.map(async (r) => [r.messageId, JSON.parse((await outboxRow(db.store, r.id))!.payload).data.text] as const));
    expect(Object.fromEntries(payloads)).toEqual({ msg_burn_1: null, msg_burn_2: null, msg_other: text });
    expect(JSON.stringify(rows.filter((r) => r.alertId === 7).map((r) => r.payload))).not.toContain('Åby');
    await deleteSubscription(db.store, s);
  });

  it("a burn blanks the headline and area of the proposal.created message of the alarm the alert answered", async () => {
    const s = await insertSubscription(db.store, { ...fields('Burn proposal'), events: ['proposal.created'] }, 'whsec_p', T0);
    const alarm = { msgType: 'Alert', status: 'Actual', event: 'Brand', headline: 'Brand i Åby skola', description: 'Rök från taket', area: 'Åby', severity: 'Severe', urgency: 'Immediate', document: '{}' };
    const proposal = { ...alarm, format: 'json' as const, sourceKey: 'Larmcentral', sender: 'sos', externalId: 'x-1', ruleId: null, ruleName: 'Brand', templateId: null, draft: null };
    const launched = await insertProposal(db.store, proposal, T0);
    const other = await insertProposal(db.store, { ...proposal, externalId: 'x-2' }, T0);
    // Fed before the launch (no alert yet, so the row names none), as for a proposal an operator opens later.
    const fed = (id: number) => ({ id, state: 'open' as const, ...proposal, status: 'Actual', alertId: null, receivedAt: T0 });
    const feedRow = (id: number) => ({
      subscriptionId: s,
      messageId: proposalId(fed(id)),
      eventType: 'proposal.created',
      alertId: null,
      payload: payloadOf('proposal.created', T0, proposalData(fed(id))),
    });
    await queueMessages(db.store, [feedRow(launched), feedRow(other)], T0);
    expect(await markLaunched(db.store, launched, 17, T0 + 1)).toBe(true);
    await blankOutboxText(db.store, 17);
    const rows = await deliveriesOf(db.store, s, 10);
    const words = await Promise.all(
      rows.map(async (r) => {
        const { headline, area, event } = JSON.parse((await outboxRow(db.store, r.id))!.payload).data;
        return [r.messageId, { headline, area, event }] as const;
      }),
    );
    expect(Object.fromEntries(words)).toEqual({
      [`msg_proposal_${launched}_created`]: { headline: '', area: '', event: alarm.event },
      [`msg_proposal_${other}_created`]: { headline: alarm.headline, area: alarm.area, event: alarm.event },
    });
    await deleteSubscription(db.store, s);
  });
});
