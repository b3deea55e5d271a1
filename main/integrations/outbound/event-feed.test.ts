/**
 * The event feed on SQLite and PostgreSQL, round by round: only the leader feeds; a proposal
 * becomes one `proposal.created` row per subscription that wants it (its scope: a CAP Exercise is
 * a drill); a subscription made after the event does not get it; feeding the same events again
 * queues nothing twice; the cursor moves on in app_meta.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log';
import { testBackends, type OpenedTestStore } from '../../test-support/backends';
import { insertProposal, type NewProposal } from '../triggers/proposals-store';
import { EventFeed } from './event-feed';
import { feedCursor, setFeedCursor } from './feed-store';
import { deliveriesOf, outboxRow } from './outbox-store';
import { insertSubscription, type SubscriptionFields } from './subscriptions-store';

const T0 = 1_800_000_000_000;

function alarm(externalId: string, status: 'Actual' | 'Exercise'): NewProposal {
  return {
    format: 'json',
    sourceKey: 'larmcentral',
    sender: 'sos@example.se',
    externalId,
    msgType: 'Alert',
    status,
    event: 'Brand',
    headline: 'Brand i Åby',
    description: 'Rök över industriområdet',
    area: 'Åby',
    severity: 'Severe',
    urgency: 'Immediate',
    ruleId: null,
    ruleName: 'Brand',
    templateId: null,
    draft: null,
    document: '{}',
  };
}

const fields = (name: string, scope: SubscriptionFields['scope']): SubscriptionFields => ({ name, url: 'http://127.0.0.1:9/', events: ['proposal.created'], scope, enabled: true });

describe.each(testBackends())('the webhook event feed on $name', (backend) => {
  let db: OpenedTestStore;
  let now = T0;
  let leading = false;
  let queuedCalls = 0;
  let feed: EventFeed;
  beforeAll(async () => {
    db = await backend.open();
    feed = new EventFeed({ store: db.store, isLeader: () => leading, log: silentLogger(), onQueued: () => queuedCalls++, now: () => now });
  });
  afterAll(async () => {
    await feed.stop();
    await db.close();
  });

  it('feeds proposals on the leader only, by scope, once, to subscriptions that existed then', async () => {
    const all = await insertSubscription(db.store, fields('Alla', 'all'), 'whsec_a', T0 - 60_000);
    const live = await insertSubscription(db.store, fields('Skarpa', 'live'), 'whsec_l', T0 - 60_000);
    const drill = await insertSubscription(db.store, fields('Övningar', 'drill'), 'whsec_d', T0 - 60_000);
    await setFeedCursor(db.store, T0 - 1_000);
    const actual = await insertProposal(db.store, alarm('a-1', 'Actual'), T0);
    const exercise = await insertProposal(db.store, alarm('e-1', 'Exercise'), T0 + 10);

    now = T0 + 500;
    await feed.tick();
    expect(await deliveriesOf(db.store, all, 10)).toEqual([]); // a standby feeds nothing

    leading = true;
    await feed.tick();
    const ids = async (s: number) => (await deliveriesOf(db.store, s, 10)).map((r) => r.messageId).sort();
    expect(await ids(all)).toEqual([`msg_proposal_${actual}_created`, `msg_proposal_${exercise}_created`]);
    expect(await ids(live)).toEqual([`msg_proposal_${actual}_created`]);
    expect(await ids(drill)).toEqual([`msg_proposal_${exercise}_created`]);
    expect(queuedCalls).toBe(1);
    expect(await feedCursor(db.store)).toBe(now);

    const [row] = await deliveriesOf(db.store, drill, 1);
    const payload = JSON.parse((await outboxRow(db.store, row!.id))!.payload);
    expect(payload).toMatchObject({
      type: 'proposal.created',
      timestamp: new Date(T0 + 10).toISOString(),
      data: { id: exercise, state: 'open', status: 'Exercise', drill: true, headline: 'Brand i Åby', source: 'larmcentral', rule: 'Brand' },
    });

    // A subscription made now does not get what happened before it; the next rounds (the same
    // events within the overlap) queue nothing more.
    const late = await insertSubscription(db.store, fields('Sen', 'all'), 'whsec_s', T0 + 600);
    now = T0 + 1_500;
    await feed.tick();
    await feed.tick();
    expect(await ids(all)).toHaveLength(2);
    expect(await ids(late)).toEqual([]);
    expect(queuedCalls).toBe(1);

    const later = await insertProposal(db.store, alarm('a-2', 'Actual'), T0 + 2_000);
    now = T0 + 2_500;
    await feed.tick();
    expect(await ids(late)).toEqual([`msg_proposal_${later}_created`]);
    expect(await ids(all)).toHaveLength(3);
  });
});
