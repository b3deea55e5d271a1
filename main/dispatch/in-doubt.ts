/**
 * Attempts whose create may or may not have reached the carrier are resolved by asking it, and
 * never by guessing: a create is repeated only when the carrier has answered in full and has
 * nothing that could be it.
 *
 * The carrier is searched by number, with no start or sent filter: a call or text still waiting
 * in Twilio's account queue (creates beyond the account's rate wait there, for up to a day) has
 * no start_time or date_sent yet, but it has its date_created. Records created within the
 * attempt's window and not already in the ledger are its candidates:
 * - exactly one, and no other attempt in doubt that could own it: adopted;
 * - none, once the carrier has had time to show the create: the attempt is queued again;
 * - more than one, or a rival attempt to the same number: it stays in doubt. A status callback
 *   names its attempt (the id is in the callback URL) and settles it as soon as the call starts
 *   or the text is sent; otherwise the operator decides (`alerts.resolveInDoubt`);
 * - no answer from the carrier (error, timeout, a search cut short): it stays in doubt and is
 *   asked about again later. A failed search never counts as "not found".
 */
import type { CarrierRecord, CarrierSearch } from '../carriers/carrier-port';
import type { Carriers } from './carriers';
import type { Logger } from '../log';
import type { Queryable } from '../db/store';
import { getAttempt, inDoubtAttempts, knownSid, markSubmitted, requeue, type AttemptRow } from './ledger-store';
import type { AsyncOutcomes } from './outcomes-async';

/** Our clock against the carrier's, plus date_created's whole seconds. */
export const CLOCK_SKEW_MS = 60_000;
/** A create leaves at `submitting_at`; the carrier has created it well within this (or never). */
export const CREATE_WINDOW_MS = 5 * 60_000;
/** Asking again after a failed search: doubling from the first to the last. */
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;
/** Asking again while the match is ambiguous (a callback or the operator usually settles it first). */
const AMBIGUOUS_RETRY_MS = 15_000;

export function searchWindow(attempt: Pick<AttemptRow, 'e164' | 'submittingAt'>): CarrierSearch {
  const since = attempt.submittingAt ?? 0;
  return { to: attempt.e164, createdFrom: since - CLOCK_SKEW_MS, createdUntil: since + CREATE_WINDOW_MS };
}

const overlaps = (a: CarrierSearch, b: CarrierSearch) => a.to === b.to && a.createdFrom <= b.createdUntil && b.createdFrom <= a.createdUntil;

export class InDoubtResolver {
  private pending = true;
  private halted = false;
  private running: Promise<number> | null = null;
  /** Per attempt: not asked about again before this time, and how long the last wait was. */
  private readonly retry = new Map<number, { at: number; waitMs: number }>();
  /** Attempts already reported as ambiguous, so the log says it once. */
  private readonly reported = new Set<number>();

  constructor(
    private readonly store: Queryable,
    private readonly outcomes: AsyncOutcomes,
    private readonly carriers: Carriers,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  noteWork() {
    this.pending = true;
  }

  hasWork(): boolean {
    return this.pending;
  }

  /** Searches again after a halt (this engine leads again). */
  resume(): void {
    this.halted = false;
  }

  /** Ends the round in progress after its current search, and waits for that (engine stopping). */
  async halt(): Promise<void> {
    this.halted = true;
    await this.running;
  }

  /**
   * One round over every attempt in doubt; a round already running is joined, not doubled.
   * `graceMs`: how long the carrier may take to show a create before "absent" means "never created".
   * Resolves with how many attempts were queued again.
   */
  resolveAll(graceMs: number): Promise<number> {
    this.running ??= this.round(graceMs).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(graceMs: number): Promise<number> {
    this.pending = false;
    let requeued = 0;
    const attempts = await inDoubtAttempts(this.store);
    const live = new Set(attempts.map((a) => a.id));
    for (const id of this.retry.keys()) if (!live.has(id)) this.retry.delete(id);
    for (const id of this.reported) if (!live.has(id)) this.reported.delete(id);
    for (const attempt of attempts) {
      if (this.halted) break;
      const due = this.retry.get(attempt.id);
      if (due && due.at > this.now()) {
        this.pending = true;
        continue;
      }
      if ((await this.resolve(attempt, attempts, graceMs)) === 'requeued') requeued++;
    }
    return requeued;
  }

  private async resolve(attempt: AttemptRow, all: AttemptRow[], graceMs: number): Promise<'adopted' | 'requeued' | 'open'> {
    if (attempt.submittingAt === null) {
      // No time to place a window at (set so by hand, not by the dispatcher): only the operator can tell.
      this.later(attempt.id, 'ambiguous');
      this.reportOnce(attempt.id, {}, 'in-doubt attempt has no submit time to search by; it stays in doubt until the operator decides');
      return 'open';
    }
    const carrier = await this.carriers.forAlert(attempt.alertId);
    const search = searchWindow(attempt);
    let found: CarrierRecord[];
    try {
      found = attempt.channel === 'voice' ? await carrier.findCalls(search) : await carrier.findMessages(search);
    } catch (error) {
      this.later(attempt.id, 'failed');
      this.log.warn({ err: error, attempt: attempt.id }, 'carrier search failed; the attempt stays in doubt');
      return 'open';
    }
    // Asked before the unit, which awaits only its own database work.
    const onCarrier = new Set<number>();
    for (const o of all) if ((await this.carriers.forAlert(o.alertId)) === carrier) onCarrier.add(o.alertId);
    // Decided in one unit from here on: no other writer changes the ledger in between.
    const decided = await this.store.unit(async (tx) => {
      if ((await getAttempt(tx, attempt.id))?.state !== 'in_doubt') return { kind: 'settled' as const }; // a callback or the operator settled it meanwhile
      const candidates: CarrierRecord[] = [];
      for (const r of found) if (!(await knownSid(tx, r.sid))) candidates.push(r);
      const rivals: AttemptRow[] = [];
      for (const o of all) {
        const rival =
          o.id !== attempt.id &&
          o.channel === attempt.channel &&
          onCarrier.has(o.alertId) &&
          // One with no submit time could be anyone's: it counts as a rival.
          (o.submittingAt === null ? o.e164 === attempt.e164 : overlaps(searchWindow(o), search));
        if (rival && (await getAttempt(tx, o.id))?.state === 'in_doubt') rivals.push(o);
      }
      const now = this.now();
      const adopt = candidates.length === 1 && rivals.length === 0 ? candidates[0] : undefined;
      if (adopt) {
        // The create left when the attempt was claimed (its submit time, checked above).
        await markSubmitted(tx, attempt.id, { sid: adopt.sid, account: carrier.account, sentAt: attempt.submittingAt ?? now }, now);
        await this.outcomes.applyStatus(
          tx,
          { kind: attempt.channel === 'voice' ? 'call' : 'message', attemptId: attempt.id, sid: adopt.sid, status: adopt.status, payload: { resolvedFromDoubt: 'true' } },
          now,
        );
        return { kind: 'adopted' as const, adopt };
      }
      if (candidates.length === 0) {
        if (now - attempt.submittingAt! >= graceMs) {
          await requeue(tx, attempt.id, now, null, now);
          return { kind: 'requeued' as const };
        }
        return { kind: 'wait' as const };
      }
      return { kind: 'ambiguous' as const, candidates, rivals };
    });
    switch (decided.kind) {
      case 'settled':
        return 'open';
      case 'adopted':
        this.retry.delete(attempt.id);
        this.log.info({ attempt: attempt.id, sid: decided.adopt.sid, status: decided.adopt.status }, 'in-doubt attempt found at the carrier');
        return 'adopted';
      case 'requeued':
        this.retry.delete(attempt.id);
        this.log.info({ attempt: attempt.id }, 'in-doubt attempt unknown to the carrier; queued again');
        return 'requeued';
      case 'wait':
        this.pending = true;
        return 'open';
    }
    const { candidates, rivals } = decided;
    // Ambiguous: re-creating could call the person twice, adopting could take another attempt's call.
    this.later(attempt.id, 'ambiguous');
    this.reportOnce(
      attempt.id,
      { candidates: candidates.map((c) => c.sid), rivals: rivals.map((r) => r.id) },
      'in-doubt attempt matches more than one record at the carrier; it stays in doubt until a callback names it or the operator decides',
    );
    return 'open';
  }

  private reportOnce(id: number, details: object, message: string) {
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.log.warn({ attempt: id, ...details }, message);
  }

  private later(id: number, why: 'failed' | 'ambiguous') {
    const last = this.retry.get(id)?.waitMs ?? 0;
    const waitMs = why === 'ambiguous' ? AMBIGUOUS_RETRY_MS : Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, last * 2));
    this.retry.set(id, { at: this.now() + waitMs, waitMs });
    this.pending = true;
  }
}
