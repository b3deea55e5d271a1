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

export interface BurnDeps {
  db: Db;
  outcomes: Outcomes;
  carriers: Carriers;
  /** Forget the alert's texts held in memory; returns the spoken message (to erase its audio). */
  forgetInMemory: (alertId: number) => { text: string; language: Language } | null;
  /** Erase the cached audio of a spoken text. */
  eraseAudio: (text: string, language: Language) => void;
  endCalls: (calls: CallToEnd[]) => void;
  touched: (alertId: number) => void;
  log: Logger;
  now?: () => number;
}

/** How often due burns and unfinished carrier redactions are looked at. */
const EVERY_MS = 5_000;

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

  /** Burns whatever is due, and retries redactions the carrier has not confirmed yet. Rounds never overlap. */
  tick(): Promise<void> {
    const previous = this.running ?? Promise.resolve();
    const round: Promise<void> = previous.then(async () => {
      try {
        for (const alertId of this.due()) await this.burn(alertId, SYSTEM_ACTOR);
        for (const alertId of this.unredacted()) await this.redactAtCarrier(alertId);
      } catch (error) {
        this.d.log.error({ err: error }, 'burn round failed');
      } finally {
        if (this.running === round) this.running = null;
      }
    });
    this.running = round;
    return round;
  }

  /**
   * - time: the burn time has passed;
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
          OR (b.burn_after = 'delivery' AND a.state IN ('completed', 'canceled', 'expired'))
          OR (b.burn_after = 'confirmation' AND (a.state IN ('completed', 'canceled', 'expired')
              OR NOT EXISTS (SELECT 1 FROM alert_recipients r WHERE r.alert_id = a.id AND r.state = 'pending'))))`)
      .map((r) => r.alert_id);
  }

  private unredacted(): number[] {
    return this.d.db
      .all<{ alert_id: number }>(sql`SELECT alert_id FROM burn_messages WHERE burned_at IS NOT NULL AND carrier_redacted_at IS NULL`)
      .map((r) => r.alert_id);
  }

  /** Erases an alert's message now. A running alert is stopped first: nothing may need the text. */
  async burn(alertId: number, actor: Actor): Promise<void> {
    const alert = this.d.db.get<{ state: string; content_sha256: string | null } | undefined>(
      sql`SELECT state, content_sha256 FROM alerts WHERE id = ${alertId}`,
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
      this.d.db.run(sql`UPDATE alerts SET voice_text = '', sms_text = '' WHERE id = ${alertId}`);
      this.d.db.run(sql`
        INSERT INTO burn_messages (alert_id, burn_after, burn_at, content_sha256, created_at)
        VALUES (${alertId}, 'time', ${now}, ${alert.content_sha256 ?? ''}, ${now})
        ON CONFLICT (alert_id) DO NOTHING`);
      this.d.db.run(sql`UPDATE burn_messages SET burned_at = ${now}, burned_by = ${actor.id} WHERE alert_id = ${alertId}`);
      appendAudit(this.d.db, actor, { action: 'alerts.burn', target: { type: 'alert', id: alertId }, details: { contentSha256: alert.content_sha256 } });
    });
    // The old text may still sit in the WAL: move everything into the file (where secure_delete
    // has zeroed it) and empty the WAL.
    this.d.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    if (spoken) this.d.eraseAudio(spoken.text, spoken.language);
    this.d.endCalls(ends);
    this.d.touched(alertId);
    this.d.log.info({ alert: alertId }, 'message burned');
    await this.redactAtCarrier(alertId);
  }

  /** Blank then delete every text of the alert at the carrier; retried until all succeed. */
  private async redactAtCarrier(alertId: number): Promise<void> {
    const sids = this.d.db
      .all<{ sid: string }>(sql`SELECT carrier_sid AS sid FROM dispatch_attempts WHERE alert_id = ${alertId} AND channel = 'sms' AND carrier_sid IS NOT NULL`)
      .map((r) => r.sid);
    const carrier = this.d.carriers.forAlert(alertId);
    let failed = 0;
    for (const sid of sids) {
      try {
        await carrier.redactMessage(sid);
        await carrier.deleteMessage(sid);
      } catch (error) {
        // Already deleted (404) counts as done; anything else is tried again later.
        if (!/404|20404|not found/i.test(String((error as Error).message))) failed++;
      }
    }
    if (failed === 0) this.d.db.run(sql`UPDATE burn_messages SET carrier_redacted_at = ${this.now()} WHERE alert_id = ${alertId}`);
    else this.d.log.warn({ alert: alertId, failed }, 'carrier has not redacted every text yet; will retry');
  }
}
