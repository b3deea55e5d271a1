/**
 * The deliverer: every engine (leading or not) claims due outbox rows with a lease, signs each
 * per Standard Webhooks (the `standardwebhooks` package: webhook-id, webhook-timestamp,
 * webhook-signature) and POSTs it. 2xx is delivered; anything else is tried again after the
 * backoff schedule (timing.ts) and given up after its last step. Its whole state is the row, so
 * a restart goes on where it was. Redirects are not followed (a signed message is not handed to
 * a host nobody subscribed).
 */
import { Webhook } from 'standardwebhooks';
import type { Store } from '../../db/store';
import type { Logger } from '../../log';
import { claimDue, markAttemptFailed, markDelivered, pruneOutbox, releaseLease, type Outcome, type OutboxRow } from './outbox-store';
import { signingSubscription } from './subscriptions-store';
import { outboundTiming, retryDelay } from './timing';

export interface DelivererDeps {
  store: Store;
  log: Logger;
  version: string;
  now?: () => number;
}

/** Rows one round takes at most (sent in parallel). */
const BATCH = 20;
const PRUNE_EVERY_MS = 3_600_000;

export class Deliverer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private prunedAt = 0;
  /** Aborts requests in flight when the engine stops (their rows are given back untried). */
  private readonly stopping = new AbortController();
  private readonly now: () => number;

  constructor(private readonly d: DelivererDeps) {
    this.now = d.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), outboundTiming.deliverEveryMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.stopping.abort();
    await this.running;
  }

  /** Deliver what is due now (a round is already going: one more after it). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((error: unknown) => this.d.log.warn({ err: error }, 'webhook delivery round failed; tried again next round'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no round is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async round(): Promise<void> {
    const now = this.now();
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now;
      await pruneOutbox(this.d.store, now - outboundTiming.keepSettledMs);
    }
    const rows = await claimDue(this.d.store, now, outboundTiming.leaseMs, BATCH);
    await Promise.all(rows.map((row) => this.deliver(row)));
    if (rows.length === BATCH) this.again = true; // more may be due
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const lease = row.leaseUntil!;
    const subscription = await signingSubscription(this.d.store, row.subscriptionId);
    if (!subscription) return; // deleted meanwhile: its rows went with it
    const outcome = await this.post(subscription.url, subscription.secret, row);
    if (outcome === 'stopped') {
      await releaseLease(this.d.store, row.id, lease);
      return;
    }
    const now = this.now();
    if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
      await markDelivered(this.d.store, row.id, lease, outcome, now);
      return;
    }
    const wait = retryDelay(row.attempts + 1);
    await markAttemptFailed(this.d.store, row.id, lease, outcome, wait === null ? null : now + wait);
    this.d.log.info({ subscription: row.subscriptionId, message: row.messageId, status: outcome.status, error: outcome.error, retry: wait !== null }, 'webhook not delivered');
  }

  /** One signed POST; never throws: every failure is an outcome to record. */
  private async post(url: string, secret: string, row: OutboxRow): Promise<Outcome | 'stopped'> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { status: null, error: 'not a valid URL' };
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return { status: null, error: `only http and https are sent to (not ${target.protocol})` };
    const sentAt = new Date(this.now());
    let signature: string;
    try {
      signature = new Webhook(secret).sign(row.messageId, sentAt, row.payload);
    } catch (error) {
      return { status: null, error: `cannot sign: ${(error as Error).message}` };
    }
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': `GDial/${this.d.version}`,
          'webhook-id': row.messageId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: row.payload,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(outboundTiming.requestTimeoutMs), this.stopping.signal]),
      });
      await response.body?.cancel().catch(() => {});
      if (response.status >= 300 && response.status < 400) {
        return { status: response.status, error: `redirect to ${response.headers.get('location') ?? '(no location)'} not followed` };
      }
      return { status: response.status, error: response.ok ? null : `HTTP ${response.status} ${response.statusText}`.trim() };
    } catch (error) {
      if (this.stopping.signal.aborted) return 'stopped';
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError') return { status: null, error: `no answer within ${outboundTiming.requestTimeoutMs / 1000} s` };
      return { status: null, error: e.cause?.code ?? e.cause?.message ?? e.message };
    }
  }
}
