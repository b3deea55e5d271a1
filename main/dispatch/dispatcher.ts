/**
 * The dispatcher: takes due attempts off the ledger as fast as the pacing allows, submits them
 * to the carrier, and records what happened. One per data directory (the engine lock). It never
 * re-creates a call or message the carrier may already have: those become `in_doubt` and are
 * resolved by asking the carrier.
 */
import type { Settings } from '../contract';
import { CarrierError, type CarrierPort } from '../carriers/carrier-port';
import { CarrierObservers, type CarrierRequestObserver } from './carrier-observers';
import type { Carriers } from './carriers';
import { countSegments } from '../contract/sms-segments';
import type { Logger } from '../log';
import { InDoubtResolver } from './in-doubt';
import * as ledger from './ledger-store';
import type { AttemptRow, DueAttempt } from './ledger-store';
import type { AsyncOutcomes, CallToEnd } from './outcomes-async';
import { RateWindow, type Spend } from './rate-window';
import type { GroupCommit } from '../db/group-commit';
import type { Availability } from '../db/availability';
import type { Queryable } from '../db/store';
import { UNSUBSCRIBED_ERROR } from '../conversation/opt-out';

export interface DispatcherDeps {
  /** The ledger's database (ledger-store.ts). */
  store: Queryable;
  /** Whether the database answers (a Store's); dispatch waits while it does not. */
  availability?: Availability;
  outcomes: AsyncOutcomes;
  /** Shared transactions for the many small writes that results and callbacks make. */
  writes: GroupCommit;
  carriers: Carriers;
  settings: () => Settings;
  /**
   * Base URL a carrier posts callbacks to and fetches TwiML from, or null when it cannot reach
   * us (no public URL): then calls carry their TwiML inline and status is polled.
   */
  callbackBase: (carrier: CarrierPort) => string | null;
  /** Whether an alert's audio is synthesised (it starts that when not): no call goes out silent. */
  voiceReady: (alertId: number) => Promise<boolean>;
  /** Whether an alert's calls may go out: its first ones wait for a fresh public-URL check (public-url-wait.ts), the launch does not. */
  callsMayStart: (alertId: number) => Promise<boolean>;
  /** The whole call as inline TwiML, for a carrier that cannot fetch it from us. */
  inlineTwiml: (attempt: AttemptRow) => Promise<string>;
  /** The carrier refused a text because the number unsubscribed (21610). */
  unsubscribed: (e164: string) => void;
  /** The SMS text for an attempt (alert text with drill marks and reply hint, or stand-down). */
  smsText: (attempt: AttemptRow) => Promise<string>;
  onUplink: (up: boolean) => void;
  log: Logger;
  now?: () => number;
}

/**
 * How far back a new leader counts creates for pacing, and how long each then occupies the rate
 * window: the window plus a second for the request's own way to the carrier.
 */
const RECENT_MS = 2_000;
/** Requests to the carrier in flight at once: enough to keep a fast link busy, no more. */
const MAX_IN_FLIGHT = 64;
const MAX_BACKOFF_MS = 30_000;

export type { CarrierRequestObserver } from './carrier-observers';

export class Dispatcher {
  private readonly calls: RateWindow;
  private readonly sms: RateWindow;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly resolver: InDoubtResolver;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private ticking = false;
  private backoffMs = 0;
  /** Attempts claimed in the current tick (a probe needs only one). */
  private claimed = 0;
  private uplinkUp = true;
  /** The leadership's fencing epoch this dispatcher claims under (cluster/); null while stopped. */
  private epoch: number | null = null;
  private takeoverGrace = { ms: 0, until: 0 };
  private readonly now: () => number;
  private readonly carrierObservers: CarrierObservers;

  constructor(private readonly d: DispatcherDeps) {
    const s = d.settings();
    this.calls = new RateWindow(s.callsPerSecond);
    this.sms = new RateWindow(s.smsSegmentsPerSecond);
    this.now = d.now ?? Date.now;
    this.resolver = new InDoubtResolver(d.store, d.outcomes, d.carriers, d.log, this.now);
    this.carrierObservers = new CarrierObservers(d.log);
  }

  /** Hears every carrier create from now on (integrations/metrics); returns how to stop. */
  onCarrierRequest(observer: CarrierRequestObserver): () => void {
    return this.carrierObservers.add(observer);
  }

  get waitingForUplink(): boolean {
    return !this.uplinkUp;
  }

  /**
   * Starts dispatching as the leader of `epoch` (cluster/cluster.ts). Whatever was `submitting`
   * becomes in doubt and is resolved against the carrier, as after a crash. After a takeover
   * (`graceMs` > 0) the engine before may still be alive with a create on its way: absent at the
   * carrier means "never created" only once that create would have arrived. Pacing starts from
   * the creates sent in the last seconds, by whichever engine sent them.
   */
  async start(opts: { epoch: number; graceMs?: number }): Promise<void> {
    this.epoch = opts.epoch;
    this.stopped = false;
    this.resolver.resume();
    // A leader starts believing in the carrier (the first create tells otherwise), and says so.
    this.setUplink(true);
    const now = this.now();
    const interrupted = await ledger.recoverInterrupted(this.d.store, now);
    if (interrupted > 0) this.d.log.warn({ interrupted }, 'attempts interrupted mid-submit are now in doubt');
    for (const spend of await ledger.recentSpends(this.d.store, now - RECENT_MS)) {
      (spend.channel === 'voice' ? this.calls : this.sms).remember(spend.at, spend.units, spend.at + RECENT_MS);
    }
    // In the background: attempts in doubt are not queued, so the rest may go out meanwhile, and
    // a slow or silent carrier list keeps nobody else waiting.
    this.takeoverGrace = { ms: opts.graceMs ?? 0, until: now + (opts.graceMs ?? 0) };
    this.resolveInDoubt(opts.graceMs ?? 0);
    this.kick();
  }

  /** The takeover's grace while creates of the engine before may still be arriving, then none. */
  private takeoverGraceMs(): number {
    return this.now() < this.takeoverGrace.until ? this.takeoverGrace.ms : 0;
  }

  /**
   * The database answers again after an outage: requests whose outcome could not be written may
   * have reached the carrier, so whatever is still `submitting` becomes in doubt and is resolved
   * against the carrier, exactly as after a crash (in-doubt attempts accept a late `submitted`).
   */
  async databaseBack(): Promise<void> {
    if (this.stopped) return;
    try {
      const interrupted = await ledger.recoverInterrupted(this.d.store, this.now());
      if (interrupted > 0) this.d.log.warn({ interrupted }, 'attempts in flight while the database was away are now in doubt');
      // Unlike after a crash, a create may still be on its way: give it the carrier's timeout first.
      this.resolveInDoubt(this.d.settings().carrierTimeoutSeconds * 1000 + 5_000);
    } catch (error) {
      this.d.log.warn({ err: error }, 'could not resolve what was in flight; the next outage check tries again');
    }
    this.kick();
  }

  private resolveInDoubt(graceMs: number): void {
    this.resolver.resolveAll(graceMs).then(
      (requeued) => {
        // A requeued attempt is due at once.
        if (requeued > 0 && !this.stopped) this.kick();
      },
      (error: unknown) => this.d.log.warn({ err: error }, 'in-doubt resolution deferred'),
    );
  }

  /** Stops taking new work and waits for requests already sent. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.epoch = null;
    if (this.timer) clearTimeout(this.timer);
    // A tick awaits the database: let the one under way finish (it claims nothing more once stopped).
    while (this.ticking) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.allSettled([...this.inFlight, this.resolver.halt()]);
  }

  kick(delayMs = 0): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.ticking) return;
    // While the database does not answer nothing can be claimed; `databaseBack` wakes us.
    if (this.d.availability?.waiting) return this.kick(1000);
    this.ticking = true;
    let wakeIn = 1000;
    try {
      const s = this.d.settings();
      this.calls.setLimit(s.callsPerSecond);
      this.sms.setLimit(s.smsSegmentsPerSecond);
      await this.d.outcomes.expireDue(this.now());
      // Never awaited here: searching the carrier must not hold up the attempts that are due.
      if (this.resolver.hasWork()) this.resolveInDoubt(Math.max(s.carrier === 'simulator' ? 0 : 15_000, this.takeoverGraceMs()));
      // Without uplink, one attempt at a time probes whether the carrier is back, on whichever
      // channel has work: an SMS-only alert must be able to find the uplink again too.
      const probing = this.backoffMs > 0;
      const budget = probing ? 1 : Number.POSITIVE_INFINITY;
      this.claimed = 0;
      const voiceWait = await this.fill('voice', s, budget);
      const smsWait = probing && this.claimed > 0 ? this.backoffMs : await this.fill('sms', s, budget);
      wakeIn = this.backoffMs > 0 ? this.backoffMs : Math.min(voiceWait, smsWait, await this.untilNextDue());
    } catch (error) {
      // The database could not be asked (e.g. a lost PostgreSQL connection): try again shortly.
      this.d.log.warn({ err: error }, 'dispatch tick failed; trying again');
    } finally {
      this.ticking = false;
    }
    this.kick(Math.max(1, wakeIn));
  }

  private async untilNextDue(): Promise<number> {
    const next = await ledger.nextDueAt(this.d.store);
    return next === null ? 1000 : Math.max(0, next - this.now());
  }

  /** Starts as many due attempts of one channel as pacing allows; returns ms until it may start more. */
  private async fill(channel: 'voice' | 'sms', s: Settings, budget: number): Promise<number> {
    const window = channel === 'voice' ? this.calls : this.sms;
    let active = channel === 'voice' ? await ledger.activeCalls(this.d.store) : 0;
    for (;;) {
      if (budget <= 0 || this.stopped) return 1000;
      // Full: a finishing request kicks the next tick.
      if (this.inFlight.size >= MAX_IN_FLIGHT) return 1000;
      const now = this.now();
      const batch = await ledger.dueAttempts(this.d.store, now, channel, MAX_IN_FLIGHT - this.inFlight.size);
      if (batch.length === 0) return 1000;
      const claims: Array<{ attempt: DueAttempt; body: string; spend: Spend }> = [];
      let stop = 0;
      // Calls held for their audio or the public-URL check: looked at again soon.
      let heldBack = false;
      let droppedOptedOut = false;
      for (const attempt of batch) {
        if (budget <= 0) break;
        if (channel === 'voice' && active >= s.maxConcurrentCalls) {
          stop = 250;
          break;
        }
        if (channel === 'voice' && !(await this.d.voiceReady(attempt.alertId))) {
          // Its audio is being synthesised (`voiceReady` kicks us when done); other alerts go on.
          heldBack = true;
          continue;
        }
        if (channel === 'voice' && !(await this.d.callsMayStart(attempt.alertId))) {
          // Its public URL is being checked (we are kicked when it ends); other alerts go on.
          heldBack = true;
          continue;
        }
        if (channel === 'sms' && (await ledger.isOptedOut(this.d.store, attempt.e164))) {
          // Opted out (STOPP) after this text was queued: it is never sent.
          await this.d.outcomes.finish(attempt, 'canceled', { code: UNSUBSCRIBED_ERROR, message: 'numret har avböjt SMS (STOPP)' }, now);
          droppedOptedOut = true;
          continue;
        }
        const body = channel === 'sms' ? await this.d.smsText(attempt) : '';
        const units = channel === 'sms' ? Math.max(1, countSegments(body).segments) : 1;
        const wait = window.waitFor(now, units);
        if (wait > 0) {
          stop = wait;
          break;
        }
        claims.push({ attempt, body, spend: window.tryTake(now, units)! });
        this.claimed++;
        active++;
        budget--;
      }
      const epoch = this.epoch;
      if (this.stopped || epoch === null) {
        for (const c of claims) window.settle(c.spend, now);
        return 1000;
      }
      // One unit claims the whole batch, and has committed, before any request leaves.
      const claimed = await ledger.markSubmitting(this.d.store, claims.map((c) => c.attempt.id), now, epoch);
      for (const c of claims) {
        if (!claimed.has(c.attempt.id)) window.settle(c.spend, now);
        else this.track(this.submit({ ...c.attempt, state: 'submitting' }, c.body).finally(() => window.settle(c.spend, this.now())));
      }
      if (stop > 0) return stop;
      if (claims.length === 0) {
        if (droppedOptedOut) continue; // those are gone from the queue: look at the next ones
        return heldBack ? 500 : 1000;
      }
    }
  }

  private track(work: Promise<void>) {
    this.inFlight.add(work);
    void work.finally(() => {
      const wasFull = this.inFlight.size >= MAX_IN_FLIGHT;
      this.inFlight.delete(work);
      if (wasFull) this.kick();
    });
  }

  private async submit(attempt: DueAttempt, body: string): Promise<void> {
    const q = `attempt=${attempt.id}`;
    const carrier = this.d.carriers.forDrill(attempt.drill);
    const base = this.d.callbackBase(carrier);
    try {
      const twiml = attempt.channel === 'voice' && !base ? await this.d.inlineTwiml(attempt) : '';
      // Deposed since the claim (the lead was lost): the request is not sent. The attempt stays
      // `submitting`; the new leader finds it in doubt, absent at the carrier, and queues it again.
      if (this.stopped) return;
      // The carrier may report on the call (ringing, answered) before its answer to the create is
      // recorded: the attempt was submitted when the request left, which comes before all of that.
      const sentAt = this.now();
      const created = await this.carrierObservers.timed(
        attempt.channel,
        attempt.channel === 'voice'
          ? carrier.createCall({
              to: attempt.e164,
              from: this.d.settings().callerId,
              timeoutSeconds: 30,
              ...(base
                ? {
                    twimlUrl: `${base}/twilio/voice/twiml?${q}`,
                    statusCallback: `${base}/twilio/voice/status?${q}`,
                    machineDetection: true,
                    amdCallback: `${base}/twilio/voice/amd?${q}`,
                  }
                : { twiml, machineDetection: false }),
            })
          : carrier.createMessage({
              to: attempt.e164,
              from: this.d.settings().smsSender,
              body,
              ...(base ? { statusCallback: `${base}/twilio/sms/status?${q}` } : {}),
            }),
      );
      this.setUplink(true);
      // Group-committed: if the engine dies first, the attempt is in doubt and found at the carrier.
      const unwanted = await this.d.writes.run(async (tx) => {
        const now = this.now();
        await ledger.markSubmitted(tx, attempt.id, { sid: created.sid, account: carrier.account, sentAt, segments: created.segments }, now);
        // Someone may have confirmed, or the alert stopped, while this call was being placed.
        return this.d.outcomes.applyStatus(
          tx,
          { kind: attempt.channel === 'voice' ? 'call' : 'message', attemptId: attempt.id, sid: created.sid, status: created.status, payload: {} },
          now,
        );
      });
      void this.endCalls(unwanted);
    } catch (error) {
      await this.onFailure(attempt, error).catch((failed: unknown) =>
        // The ledger could not take the result: the attempt stays `submitting`, in doubt after a restart.
        this.d.log.error({ err: failed, attempt: attempt.id }, 'could not record a failed create'),
      );
    }
  }

  private async onFailure(attempt: AttemptRow, error: unknown): Promise<void> {
    const now = this.now();
    const failure = error instanceof CarrierError ? error.failure : ({ kind: 'in_doubt', message: String(error) } as const);
    switch (failure.kind) {
      case 'rate_limited': {
        // Jitter keeps many queued attempts from stampeding back at the same instant.
        const delay = failure.retryAfterMs + Math.floor(Math.random() * 250);
        await ledger.requeue(this.d.store, attempt.id, now + delay, 'operatören bad oss vänta (429)', now);
        this.kick(delay);
        return;
      }
      case 'unreachable':
        await ledger.requeue(this.d.store, attempt.id, now, 'väntar på förbindelse', now);
        this.setUplink(false);
        this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(500, this.backoffMs * 2));
        this.kick(this.backoffMs);
        return;
      case 'rejected':
        await this.d.outcomes.finish(attempt, 'failed', { code: failure.code, message: failure.message }, now);
        if (failure.code === UNSUBSCRIBED_ERROR && attempt.channel === 'sms') this.d.unsubscribed(attempt.e164);
        return;
      case 'in_doubt':
        await ledger.markInDoubt(this.d.store, attempt.id, failure.message, now);
        this.resolver.noteWork();
        this.d.log.warn({ attempt: attempt.id, reason: failure.message }, 'create in doubt; will ask the carrier');
        return;
    }
  }

  private setUplink(up: boolean) {
    if (up) this.backoffMs = 0;
    if (up === this.uplinkUp) return;
    this.uplinkUp = up;
    this.d.onUplink(up);
  }

  async endCalls(calls: CallToEnd[]): Promise<void> {
    await Promise.allSettled(
      calls.map(async (c) => (await this.d.carriers.forAlert(c.alertId)).endCall(c.sid, c.inProgress).catch((error: unknown) => this.d.log.warn({ err: error, sid: c.sid }, 'could not end call'))),
    );
  }
}
