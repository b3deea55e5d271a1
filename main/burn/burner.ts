/**
 * Burn messages: when the burn time comes (or everything has gone out, or the alert has its
 * answers), the message's text and audio are erased — from the database, and then off its disk
 * files (burn-store.ts `reclaimBurnedText`: on SQLite secure_delete has zeroed the bytes and the
 * WAL is truncated; on PostgreSQL the dead row versions are vacuumed) — and the carrier is asked
 * to blank and delete its copies of the texts. What stays is a content-free trail: the
 * content's SHA-256, when, who, and every recipient's outcome.
 */
import type { Language } from '../contract';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit-log';
import type { Queryable, Store } from '../db/store';
import type { Carriers } from '../dispatch/carriers';
import type { CallToEnd } from '../dispatch/outcomes-async';
import { AppError, notFound } from '../errors';
import type { Logger } from '../log';
import {
  alertToBurn,
  burnedWithAudioLeft,
  cancelAlert,
  dueBurns,
  eraseAlertText,
  markCarrierRedacted,
  markTextRedacted,
  reclaimBurnedText,
  textsToRedact,
  timeEndBurns,
  unredactedBurns,
} from './burn-store';
import { blankTextElsewhere } from './text-elsewhere';
import { blankOutboxText } from '../integrations/outbound/outbox-store';
import { blankProposalsOfAlert } from '../integrations/triggers/proposals-store';

export interface BurnDeps {
  store: Store;
  /** Stops an alert's remaining work inside the caller's unit (dispatch's AsyncOutcomes). */
  outcomes: { stopAlert(tx: Queryable, alertId: number, reason: string, now: number, standDownText: string | null): Promise<CallToEnd[]> };
  carriers: Carriers;
  /** Forget the alert's texts held in memory; returns the spoken message (to erase its audio). */
  forgetInMemory: (alertId: number) => Promise<{ text: string; language: Language } | null>;
  /** Erase every cached audio of the alert's message, made under any voice setting (`spoken`: its text, if still known). */
  eraseAudio: (alertId: number, spoken: { text: string; language: Language } | null) => void | Promise<void>;
  endCalls: (calls: CallToEnd[]) => void;
  /** Told after each burn, so copies kept elsewhere (the backups) lose the text too. */
  onBurned?: (alertId: number) => void;
  log: Logger;
  now?: () => number;
}

/** How often due burns and unfinished carrier redactions are looked at. */
const EVERY_MS = 5_000;
/** A carrier that failed to redact is asked again after this long, not every round. */
const REDACT_RETRY_MS = 60_000;

export class Burner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly d: BurnDeps) {
    this.now = d.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Burns whatever is due, and retries what is unfinished (the WAL, the carrier). Rounds never overlap. */
  tick(): Promise<void> {
    const previous = this.running ?? Promise.resolve();
    const round: Promise<void> = previous.then(async () => {
      await this.guarded(0, () => timeEndBurns(this.d.store));
      for (const alertId of await this.listed(() => dueBurns(this.d.store, this.now()))) await this.guarded(alertId, () => this.burn(alertId, SYSTEM_ACTOR));
      // A crash between a burn's commit and its audio erase leaves the audio listed: finish it.
      for (const alertId of await this.listed(() => burnedWithAudioLeft(this.d.store))) await this.guarded(alertId, async () => this.d.eraseAudio(alertId, null));
      await this.guarded(0, () => this.eraseFromFile());
      for (const alertId of await this.unredacted()) await this.guarded(alertId, () => this.redactAtCarrier(alertId));
      if (this.running === round) this.running = null;
    });
    this.running = round;
    return round;
  }

  /** A list the round works through; a failed read is logged and the round goes on without it. */
  private async listed(read: () => Promise<number[]>): Promise<number[]> {
    try {
      return await read();
    } catch (error) {
      this.d.log.error({ err: error }, 'burn: reading what is due failed; tried again next round');
      return [];
    }
  }

  /** One alert's failure must not hold up the others' burns. */
  private async guarded(alertId: number, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.d.log.error({ err: error, alert: alertId }, 'burn step failed; tried again next round');
    }
  }

  /**
   * The erased words may still be on disk (SQLite: in the WAL; PostgreSQL: in dead row versions).
   * What stops it (a reader) is waited for by trying again each round, and the pending mark
   * survives a restart.
   */
  private async eraseFromFile(): Promise<void> {
    const { done, detail } = await reclaimBurnedText(this.d.store);
    if (!done) this.d.log.warn(detail, 'burned text still on disk (a reader is open); trying again');
  }

  // An 'end' burn learns its time from the call-out's end: finished_at + its minutes. Derived
  // afresh each round (timeEndBurns) rather than set once by whoever ended the alert, so an engine
  // that was down when the call-out ended sets it at start, and a resend (the alert runs again)
  // clears it until the new end.
  //
  // Due (dueBurns): time — the burn time has passed, whether or not the call-out is still going
  // (burn() stops it); end — the call-out has ended and its minutes since have passed; delivery —
  // nothing is left to send (the alert is no longer queued or running); confirmation — everyone
  // has answered, or the alert has ended (quorum, cancel, expiry, done).

  private readonly nextRedactAt = new Map<number, number>();

  private async unredacted(): Promise<number[]> {
    const now = this.now();
    return (await this.listed(() => unredactedBurns(this.d.store))).filter((id) => (this.nextRedactAt.get(id) ?? 0) <= now);
  }

  /** Erases an alert's message now. A running alert is stopped first: nothing may need the text. */
  async burn(alertId: number, actor: Actor): Promise<void> {
    const now = this.now();
    const spoken = await this.d.forgetInMemory(alertId);
    const ends = await this.d.store.unit(async (tx) => {
      // Read in the unit: two burns of one alert (the round and an admin) cannot both pass.
      const alert = await alertToBurn(tx, alertId);
      if (!alert) throw notFound('alert', alertId);
      if (alert.burnedAt) throw new AppError('conflict', `Alert ${alertId} was already burned`, { code: 'alerts.already_burned' });
      let ends: CallToEnd[] = [];
      if (['pending_approval', 'queued', 'running'].includes(alert.state)) {
        await cancelAlert(tx, alertId, now);
        ends = await this.d.outcomes.stopAlert(tx, alertId, 'meddelandet förstördes', now, null);
      }
      // Copies typed into schedules and templates: blanked or named (text-elsewhere.ts says which and why).
      const textElsewhere = await blankTextElsewhere(tx, alertId, { voiceText: alert.voiceText, smsText: alert.smsText }, now);
      await eraseAlertText(tx, alertId, alert.contentSha256 ?? '', actor.id, now);
      // Outgoing webhook messages about the alert lose its text too (waiting ones are sent without it).
      await blankOutboxText(tx, alertId);
      // The inbound alarm that proposed it (headline, description, document, draft) goes too.
      await blankProposalsOfAlert(tx, alertId, now);
      await recordAudit(tx, actor, { action: 'alerts.burn', target: { type: 'alert', id: alertId }, details: { contentSha256: alert.contentSha256, textElsewhere } });
      return ends;
    });
    // Off the disk too: SQLite's WAL emptied into the file (where secure_delete has zeroed the
    // text), PostgreSQL's dead row versions vacuumed (outside the unit: VACUUM cannot run in one).
    await this.guarded(alertId, () => this.eraseFromFile());
    try {
      await this.d.eraseAudio(alertId, spoken);
    } catch (error) {
      // A file held open (Windows) must not keep the calls going: the next round erases what is listed.
      this.d.log.warn({ err: error, alert: alertId }, 'could not erase all audio yet; trying again next round');
    }
    this.d.endCalls(ends);
    this.d.log.info({ alert: alertId }, 'message burned');
    this.d.onBurned?.(alertId);
  }

  /**
   * Blank then delete every text of the alert at the carrier. Each text done is marked (a
   * carrier event 'burn'/'deleted'), so a retry asks only about the rest; the alert counts as
   * redacted once no text is still being sent or in doubt and every one is done.
   */
  private async redactAtCarrier(alertId: number): Promise<void> {
    const texts = await textsToRedact(this.d.store, alertId);
    const carrier = await this.d.carriers.forAlert(alertId);
    let unfinished = texts.filter((t) => t.state === 'submitting' || t.state === 'in_doubt').length;
    for (const text of texts) {
      if (!text.sid) continue;
      try {
        await carrier.redactMessage(text.sid).catch(ignoreGone);
        await carrier.deleteMessage(text.sid).catch(ignoreGone);
        await markTextRedacted(this.d.store, text.id, text.sid, this.now());
      } catch (error) {
        unfinished++;
        this.d.log.warn({ err: error, alert: alertId }, 'the carrier did not redact a text; asking again later');
      }
    }
    if (unfinished === 0) {
      await markCarrierRedacted(this.d.store, alertId, this.now());
      this.nextRedactAt.delete(alertId);
    } else this.nextRedactAt.set(alertId, this.now() + REDACT_RETRY_MS);
  }
}

/** A text the carrier no longer has is as deleted as it gets. */
function ignoreGone(error: unknown): void {
  if (!/\b(404|20404)\b|not found/i.test(String((error as Error).message))) throw error;
}
