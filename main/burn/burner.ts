/**
 * Burn messages: when the burn time comes (or everything has gone out, or the alert has its
 * answers), the message's text and audio are erased — from the database with secure_delete on
 * and the WAL truncated, so the words are gone from the file's bytes — and the carrier is asked
 * to blank and delete its copies of the texts. What stays is a content-free trail: the
 * content's SHA-256, when, who, and every recipient's outcome.
 */
import { sql } from 'drizzle-orm';
import type { Language } from '../contract';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import type { Carriers } from '../dispatch/carriers';
import type { CallToEnd, Outcomes } from '../dispatch/outcomes';
import { AppError, notFound } from '../errors';
import type { Logger } from '../log';
import { blankTextElsewhere } from './text-elsewhere';

export interface BurnDeps {
  db: Db;
  outcomes: Outcomes;
  carriers: Carriers;
  /** Forget the alert's texts held in memory; returns the spoken message (to erase its audio). */
  forgetInMemory: (alertId: number) => { text: string; language: Language } | null;
  /** Erase every cached audio of the alert's message, made under any voice setting (`spoken`: its text, if still known). */
  eraseAudio: (alertId: number, spoken: { text: string; language: Language } | null) => void;
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
/** app_meta key: a burn happened and its old pages are not yet out of the WAL. */
const ERASE_PENDING = 'burn_erase_pending';

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
      await this.guarded(0, async () => this.timeEndBurns());
      for (const alertId of this.due()) await this.guarded(alertId, () => this.burn(alertId, SYSTEM_ACTOR));
      // A crash between a burn's commit and its audio erase leaves the audio listed: finish it.
      for (const alertId of this.audioLeft()) await this.guarded(alertId, async () => this.d.eraseAudio(alertId, null));
      this.eraseFromFile();
      for (const alertId of this.unredacted()) await this.guarded(alertId, () => this.redactAtCarrier(alertId));
      if (this.running === round) this.running = null;
    });
    this.running = round;
    return round;
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
   * The erased text may still be in the WAL (and, until checkpointed, in the file's old pages).
   * A checkpoint gives up while someone reads (a backup, the CLI): then it is tried again each
   * round, and the pending mark survives a restart.
   */
  private eraseFromFile(): void {
    const pending = this.d.db.get<{ value: string } | undefined>(sql`SELECT value FROM app_meta WHERE key = ${ERASE_PENDING}`);
    if (!pending) return;
    // No waiting for the reader (that would freeze the engine): try, and try again next round.
    const sqlite = this.d.db.$client;
    const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
    sqlite.pragma('busy_timeout = 0');
    let result: { busy: number; log: number; checkpointed: number } | undefined;
    try {
      [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    } finally {
      sqlite.pragma(`busy_timeout = ${timeout}`);
    }
    if (result && result.busy === 0 && result.log === result.checkpointed) this.d.db.run(sql`DELETE FROM app_meta WHERE key = ${ERASE_PENDING}`);
    else this.d.log.warn({ checkpoint: result }, 'burned text still in the WAL (a reader is open); trying again');
  }

  /**
   * An 'end' burn learns its time from the call-out's end: finished_at + its minutes. Derived
   * afresh each round rather than set once by whoever ended the alert, so an engine that was down
   * when the call-out ended sets it at start, and a resend (the alert runs again) clears it until
   * the new end.
   */
  private timeEndBurns(): void {
    // Null while the call-out runs; every ended state sets finished_at (created_at: a fixed fallback).
    const endsAt = sql`(
      SELECT CASE WHEN a.state IN ('completed', 'canceled', 'expired') THEN COALESCE(a.finished_at, a.created_at) + b.burn_minutes * 60000 END
      FROM alerts a WHERE a.id = b.alert_id)`;
    // The write notes the alerts it changes itself (alerts/row-changes.ts): consoles see the burn time.
    this.d.db.run(sql`
      UPDATE burn_messages AS b SET burn_at = ${endsAt}
      WHERE b.burn_after = 'end' AND b.burned_at IS NULL AND b.burn_at IS NOT ${endsAt}`);
  }

  /**
   * - time: the burn time has passed, whether or not the call-out is still going (burn() stops it);
   * - end: the call-out has ended and its minutes since have passed;
   * - delivery: nothing is left to send (the alert is no longer queued or running);
   * - confirmation: everyone has answered, or the alert has ended (quorum, cancel, expiry, done).
   */
  private due(): number[] {
    const now = this.now();
    return this.d.db
      .all<{ alert_id: number }>(sql`
        SELECT b.alert_id FROM burn_messages b JOIN alerts a ON a.id = b.alert_id
        WHERE b.burned_at IS NULL AND (
          (b.burn_after = 'time' AND b.burn_at <= ${now})
          OR (b.burn_after = 'end' AND b.burn_at <= ${now} AND a.state IN ('completed', 'canceled', 'expired'))
          OR (b.burn_after = 'delivery' AND a.state IN ('completed', 'canceled', 'expired'))
          OR (b.burn_after = 'confirmation' AND (a.state IN ('completed', 'canceled', 'expired')
              OR NOT EXISTS (SELECT 1 FROM alert_recipients r WHERE r.alert_id = a.id AND r.state = 'pending'))))`)
      .map((r) => r.alert_id);
  }

  /** Burned alerts whose audio is still listed (see alert-audio.ts). */
  private audioLeft(): number[] {
    return this.d.db
      .all<{ alert_id: number }>(sql`
        SELECT DISTINCT a.alert_id FROM alert_audio a JOIN burn_messages b ON b.alert_id = a.alert_id WHERE b.burned_at IS NOT NULL`)
      .map((r) => r.alert_id);
  }

  private readonly nextRedactAt = new Map<number, number>();

  private unredacted(): number[] {
    const now = this.now();
    return this.d.db
      .all<{ alert_id: number }>(sql`SELECT alert_id FROM burn_messages WHERE burned_at IS NOT NULL AND carrier_redacted_at IS NULL`)
      .map((r) => r.alert_id)
      .filter((id) => (this.nextRedactAt.get(id) ?? 0) <= now);
  }

  /** Erases an alert's message now. A running alert is stopped first: nothing may need the text. */
  async burn(alertId: number, actor: Actor): Promise<void> {
    const alert = this.d.db.get<{ state: string; content_sha256: string | null; voice_text: string; sms_text: string } | undefined>(
      sql`SELECT state, content_sha256, voice_text, sms_text FROM alerts WHERE id = ${alertId}`,
    );
    if (!alert) throw notFound('alert', alertId);
    const already = this.d.db.get<{ burned_at: number | null } | undefined>(sql`SELECT burned_at FROM burn_messages WHERE alert_id = ${alertId}`);
    if (already?.burned_at) throw new AppError('conflict', `Alert ${alertId} was already burned`, { code: 'alerts.already_burned' });
    const now = this.now();
    const spoken = this.d.forgetInMemory(alertId);
    let ends: CallToEnd[] = [];
    inTransaction(this.d.db, () => {
      if (['pending_approval', 'queued', 'running'].includes(alert.state)) {
        this.d.db.run(sql`UPDATE alerts SET state = 'canceled', finished_at = ${now} WHERE id = ${alertId}`);
        ends = this.d.outcomes.stopAlert(alertId, 'meddelandet förstördes', now, null);
      }
      // Copies typed into schedules and templates: blanked or named (text-elsewhere.ts says which and why).
      const textElsewhere = blankTextElsewhere(this.d.db, alertId, { voiceText: alert.voice_text, smsText: alert.sms_text }, now);
      this.d.db.run(sql`UPDATE alerts SET voice_text = '', sms_text = '' WHERE id = ${alertId}`);
      this.d.db.run(sql`
        INSERT INTO burn_messages (alert_id, burn_after, burn_at, content_sha256, created_at)
        VALUES (${alertId}, 'time', ${now}, ${alert.content_sha256 ?? ''}, ${now})
        ON CONFLICT (alert_id) DO NOTHING`);
      this.d.db.run(sql`UPDATE burn_messages SET burned_at = ${now}, burned_by = ${actor.id} WHERE alert_id = ${alertId}`);
      appendAudit(this.d.db, actor, { action: 'alerts.burn', target: { type: 'alert', id: alertId }, details: { contentSha256: alert.content_sha256, textElsewhere } });
      this.d.db.run(sql`INSERT OR REPLACE INTO app_meta (key, value) VALUES (${ERASE_PENDING}, ${String(now)})`);
    });
    // Move everything into the file (where secure_delete has zeroed the text) and empty the WAL.
    this.eraseFromFile();
    try {
      this.d.eraseAudio(alertId, spoken);
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
    const texts = this.d.db.all<{ id: number; sid: string | null; state: string }>(sql`
      SELECT t.id, t.carrier_sid AS sid, t.state FROM dispatch_attempts t
      WHERE t.alert_id = ${alertId} AND t.channel = 'sms'
        AND NOT EXISTS (SELECT 1 FROM carrier_events e WHERE e.sid = t.carrier_sid AND e.kind = 'burn' AND e.status = 'deleted')`);
    const carrier = this.d.carriers.forAlert(alertId);
    let unfinished = texts.filter((t) => t.state === 'submitting' || t.state === 'in_doubt').length;
    for (const text of texts) {
      if (!text.sid) continue;
      try {
        await carrier.redactMessage(text.sid).catch(ignoreGone);
        await carrier.deleteMessage(text.sid).catch(ignoreGone);
        this.d.db.run(sql`
          INSERT OR IGNORE INTO carrier_events (attempt_id, sid, kind, status, payload, received_at)
          VALUES (${text.id}, ${text.sid}, 'burn', 'deleted', '{}', ${this.now()})`);
      } catch (error) {
        unfinished++;
        this.d.log.warn({ err: error, alert: alertId }, 'the carrier did not redact a text; asking again later');
      }
    }
    if (unfinished === 0) {
      this.d.db.run(sql`UPDATE burn_messages SET carrier_redacted_at = ${this.now()} WHERE alert_id = ${alertId}`);
      this.nextRedactAt.delete(alertId);
    } else this.nextRedactAt.set(alertId, this.now() + REDACT_RETRY_MS);
  }
}

/** A text the carrier no longer has is as deleted as it gets. */
function ignoreGone(error: unknown): void {
  if (!/\b(404|20404)\b|not found/i.test(String((error as Error).message))) throw error;
}
