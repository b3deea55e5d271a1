/**
 * The event feed: on the leader only, every round, reads what happened since its cursor (kept in
 * app_meta) from the tables themselves and queues one outbox row per message per subscription
 * that wants it. At least once and durable: each round re-reads an overlap before the cursor
 * (a write committed late with an earlier time is still found), message ids are deterministic,
 * so feeding an event twice queues nothing twice, and the rows and the cursor commit together.
 * Reading the alert's text and queueing it happen in one unit, so a burn (its own unit) either
 * comes before (no text read) or after (it blanks what was queued).
 */
import type { AlertCounters } from '../../contract';
import { countersOf } from '../../alerts/alert-view';
import type { Queryable, Store } from '../../db/store';
import type { Logger } from '../../log';
import { alertsFinishedSince, alertsLaunchedSince, answersSince, feedCursor, proposalsSince, runningAlerts, setFeedCursor, type FeedAlert } from './feed-store';
import {
  alertData,
  answerData,
  answerId,
  finishedId,
  launchedId,
  payloadOf,
  progressId,
  proposalData,
  proposalId,
  proposalIsDrill,
  wants,
  type EventType,
  type FeedMessage,
} from './messages';
import { lastProgress, queuedKeys, queueMessages, type NewOutboxRow } from './outbox-store';
import { enabledSubscriptions, type SigningSubscription } from './subscriptions-store';
import { outboundTiming } from './timing';

export interface EventFeedDeps {
  store: Store;
  isLeader: () => boolean;
  log: Logger;
  /** Told when rows were queued (the local deliverer sends them at once). */
  onQueued: () => void;
  now?: () => number;
}

/** What was last sent about a running alert's progress (seeded from the outbox after a restart). */
interface ProgressSeen {
  signature: string;
  at: number;
}

export class EventFeed {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly progress = new Map<number, ProgressSeen>();
  private cursorWrittenAt = 0;
  private readonly now: () => number;

  constructor(private readonly d: EventFeedDeps) {
    this.now = d.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), outboundTiming.feedEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One round; rounds never overlap, a failed one is logged and the next reads the same events again. */
  tick(): Promise<void> {
    if (this.running || this.stopped || !this.d.isLeader()) return this.running ?? Promise.resolve();
    this.running = this.round()
      .catch((error: unknown) => this.d.log.warn({ err: error }, 'webhook feed round failed; the next round reads the same events again'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /**
   * Looks first without a unit (most rounds find nothing new, and then hold no writer's turn);
   * only when there is something to queue does it read again and queue inside one unit.
   */
  private async round(): Promise<void> {
    const subscriptions = await enabledSubscriptions(this.d.store);
    const now = this.now();
    const look = await this.plan(this.d.store, subscriptions, now);
    if (look.rows.length === 0) {
      for (const [alertId, seen] of look.progressed) this.progress.set(alertId, seen);
      // The cursor moves on now and then (a crash re-reads from an older one, which queues nothing twice).
      if (now - this.cursorWrittenAt >= 10_000) {
        await setFeedCursor(this.d.store, now);
        this.cursorWrittenAt = now;
      }
      return;
    }
    const done = await this.d.store.unit(async (tx) => {
      const again = await this.plan(tx, subscriptions, now);
      const count = await queueMessages(tx, again.rows, now);
      await setFeedCursor(tx, now);
      return { count, progressed: again.progressed };
    });
    this.cursorWrittenAt = now;
    for (const [alertId, seen] of done.progressed) this.progress.set(alertId, seen);
    if (done.count > 0) this.d.onQueued();
  }

  /** The rows to queue since the cursor (less its overlap), and the progress they report. */
  private async plan(q: Queryable, subscriptions: SigningSubscription[], now: number): Promise<{ rows: NewOutboxRow[]; progressed: Array<[number, ProgressSeen]> }> {
    const progressed: Array<[number, ProgressSeen]> = [];
    if (subscriptions.length === 0) return { rows: [], progressed };
    const since = ((await feedCursor(q)) ?? now) - outboundTiming.feedOverlapMs;
    const wanted = new Set(subscriptions.flatMap((s) => JSON.parse(s.events) as EventType[]));
    const messages = await this.messages(q, since, now, wanted, progressed);
    return { rows: await this.fanOut(q, messages, subscriptions), progressed };
  }

  private async messages(tx: Queryable, since: number, now: number, wanted: Set<EventType>, progressed: Array<[number, ProgressSeen]>): Promise<FeedMessage[]> {
    const out: FeedMessage[] = [];
    const alertMessage = (type: EventType, id: string, a: FeedAlert, at: number): FeedMessage => ({
      messageId: id,
      eventType: type,
      alertId: a.id,
      drill: a.drill,
      at,
      build: async () => payloadOf(type, at, alertData(a, await countersOf(tx, a.id), true)),
    });
    if (wanted.has('alert.launched')) {
      for (const a of await alertsLaunchedSince(tx, since)) out.push(alertMessage('alert.launched', launchedId(a.id), a, a.approvedAt ?? a.createdAt));
    }
    if (wanted.has('recipient.confirmed') || wanted.has('recipient.declined')) {
      for (const answer of await answersSince(tx, since)) {
        const type: EventType = answer.answer === 'confirmed' ? 'recipient.confirmed' : 'recipient.declined';
        if (!wanted.has(type)) continue;
        out.push({ messageId: answerId(answer), eventType: type, alertId: answer.alertId, drill: answer.drill, at: answer.at, build: async () => payloadOf(type, answer.at, answerData(answer)) });
      }
    }
    if (wanted.has('alert.progress')) out.push(...(await this.progressMessages(tx, now, progressed)));
    if (wanted.has('alert.finished')) {
      for (const a of await alertsFinishedSince(tx, since)) out.push(alertMessage('alert.finished', finishedId(a.id, a.finishedAt!), a, a.finishedAt!));
    }
    if (wanted.has('proposal.created')) {
      for (const p of await proposalsSince(tx, since)) {
        out.push({
          messageId: proposalId(p),
          eventType: 'proposal.created',
          alertId: p.alertId,
          drill: proposalIsDrill(p),
          at: p.receivedAt,
          build: async () => payloadOf('proposal.created', p.receivedAt, proposalData(p)),
        });
      }
    }
    return out;
  }

  /**
   * A running alert's counters, at most every `progressEveryMs` and only when they changed since
   * the last progress message (what that was survives a restart: it is read from the outbox).
   */
  private async progressMessages(tx: Queryable, now: number, progressed: Array<[number, ProgressSeen]>): Promise<FeedMessage[]> {
    const out: FeedMessage[] = [];
    const running = await runningAlerts(tx);
    const live = new Set(running.map((a) => a.id));
    for (const id of this.progress.keys()) if (!live.has(id)) this.progress.delete(id);
    for (const a of running) {
      const seen = this.progress.get(a.id) ?? (await seenInOutbox(tx, a.id));
      if (seen && now - seen.at < outboundTiming.progressEveryMs) continue;
      const counters = await countersOf(tx, a.id);
      const signature = signatureOf(a.state, counters);
      if (seen?.signature === signature) continue;
      progressed.push([a.id, { signature, at: now }]);
      const payload = payloadOf('alert.progress', now, alertData(a, counters, false));
      out.push({ messageId: progressId(a.id, now), eventType: 'alert.progress', alertId: a.id, drill: a.drill, at: now, build: async () => payload });
    }
    return out;
  }

  /** One row per message per subscription that wants it and does not have it yet. */
  private async fanOut(tx: Queryable, messages: FeedMessage[], subscriptions: SigningSubscription[]): Promise<NewOutboxRow[]> {
    if (messages.length === 0 || subscriptions.length === 0) return [];
    const have = await queuedKeys(
      tx,
      subscriptions.map((s) => s.id),
      messages.map((m) => m.messageId),
    );
    const rows: NewOutboxRow[] = [];
    for (const m of messages) {
      const to = subscriptions.filter((s) => wants(s, m) && !have.has(`${s.id}:${m.messageId}`));
      if (to.length === 0) continue;
      const payload = await m.build();
      for (const s of to) rows.push({ subscriptionId: s.id, messageId: m.messageId, eventType: m.eventType, alertId: m.alertId, payload });
    }
    return rows;
  }
}

const signatureOf = (state: string, counters: AlertCounters) => `${state}:${JSON.stringify(counters)}`;

async function seenInOutbox(tx: Queryable, alertId: number): Promise<ProgressSeen | undefined> {
  const last = await lastProgress(tx, alertId);
  if (!last) return undefined;
  const data = (JSON.parse(last.payload) as { data: { state: string; counters: AlertCounters } }).data;
  return { signature: signatureOf(data.state, data.counters), at: last.createdAt };
}
