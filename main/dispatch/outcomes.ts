/**
 * What happens when an attempt ends or a person answers: the next escalation step, the
 * recipient's outcome, quorum and stand-down, the alert's completion. Each entry point is one
 * transaction and returns the calls the carrier must now end (done outside the transaction).
 */
import { sql } from 'drizzle-orm';
import { escalationPolicySchema, type EscalationPolicy } from '../contract';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import { fromCarrierStatus, isFinal, movesForward, rankOf, type AttemptState } from './attempt-status';
import { nextStep } from './escalation';
import type { AttemptRow, Ledger } from './ledger';

export interface CallToEnd {
  alertId: number;
  sid: string;
  inProgress: boolean;
}

export interface CarrierStatusEvent {
  kind: 'call' | 'message';
  attemptId: number | null;
  sid: string;
  status: string;
  sequence?: number;
  answeredBy?: string;
  durationS?: number;
  errorCode?: string;
  payload: Record<string, string>;
}

const ACTIVE = sql`('submitting', 'submitted', 'ringing', 'in_progress')`;
/** Only people who heard of the alert get told to stand down; the others never knew. */
/** A number that answered STOPP gets no more texts, whatever the launch snapshot says. */
const NOT_OPTED_OUT = sql`NOT EXISTS (SELECT 1 FROM phone_numbers p WHERE p.e164 = alert_recipients.sms_number AND p.sms_opted_out = 1)`;
const CONTACTED = sql`EXISTS (SELECT 1 FROM dispatch_attempts d WHERE d.recipient_id = alert_recipients.id AND d.carrier_sid IS NOT NULL)`;

// Legacy twin until every caller is async (issue 13): AsyncOutcomes (outcomes-async.ts) over the store.
export class Outcomes {
  /** The hot path (every callback) runs on statements prepared once. */
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly ledger: Ledger,
    /**
     * True when nobody can press 1 in this alert's calls (no public URL: TwiML inline): then a
     * person who answered has heard the message, and calling them again only repeats it.
     */
    private readonly answerIsFinal: (alertId: number) => boolean = () => false,
  ) {
    const sqlite = db.$client;
    this.stmt = {
      event: sqlite.prepare(
        'INSERT OR IGNORE INTO carrier_events (attempt_id, sid, kind, status, sequence, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      adoptSid: sqlite.prepare('UPDATE dispatch_attempts SET carrier_sid = ? WHERE id = ? AND carrier_sid IS NULL'),
      advance: sqlite.prepare(`
        UPDATE dispatch_attempts SET state = @state, status_rank = @rank, updated_at = @now,
          answered_at = CASE WHEN @state = 'in_progress' AND channel = 'voice' THEN COALESCE(answered_at, @now) ELSE answered_at END,
          answered_by = COALESCE(@answeredBy, answered_by),
          duration_s = COALESCE(@durationS, duration_s),
          error_code = COALESCE(@errorCode, error_code),
          finished_at = CASE WHEN @final = 1 THEN @now ELSE finished_at END
        WHERE id = @id`),
      alertActive: sqlite.prepare("SELECT 1 FROM alerts WHERE id = ? AND state IN ('queued', 'running')"),
      recipient: sqlite.prepare('SELECT state, voice_numbers FROM alert_recipients WHERE id = ?'),
      recipientOpen: sqlite.prepare(`
        SELECT 1 FROM dispatch_attempts WHERE recipient_id = ? AND purpose = 'alert'
          AND state IN ('queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'in_doubt') LIMIT 1`),
      unreached: sqlite.prepare("UPDATE alert_recipients SET state = 'unreached' WHERE id = ? AND state = 'pending'"),
      alertOpen: sqlite.prepare(`
        SELECT 1 FROM dispatch_attempts WHERE alert_id = ?
          AND state IN ('queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'in_doubt') LIMIT 1`),
      complete: sqlite.prepare("UPDATE alerts SET state = 'completed', finished_at = ? WHERE id = ? AND state IN ('queued', 'running')"),
      notMachine: sqlite.prepare("SELECT 1 FROM dispatch_attempts WHERE id = ? AND COALESCE(answered_by, 'human') IN ('human', 'unknown')"),
    };
  }

  /** Policies never change after launch: read each once. */
  private readonly policies = new Map<number, EscalationPolicy>();

  private policyOf(alertId: number): EscalationPolicy {
    let policy = this.policies.get(alertId);
    if (!policy) {
      const row = this.db.get<{ policy: string }>(sql`SELECT policy FROM alerts WHERE id = ${alertId}`);
      policy = escalationPolicySchema.parse(JSON.parse(row.policy));
      this.policies.set(alertId, policy);
    }
    return policy;
  }

  private alertActive(alertId: number): boolean {
    return !!this.stmt.alertActive.get(alertId);
  }

  /** A carrier callback or a polled status. Duplicates and late arrivals change nothing. */
  applyStatus(event: CarrierStatusEvent, now: number): CallToEnd[] {
    return inTransaction(this.db, () => {
      const fresh = this.stmt.event.run(
        event.attemptId,
        event.sid,
        event.kind,
        event.status,
        event.sequence ?? null,
        JSON.stringify(event.payload),
        now,
      ).changes;
      if (!fresh) return [];
      const attempt = (event.attemptId !== null ? this.ledger.get(event.attemptId) : undefined) ?? this.ledger.bySid(event.sid);
      if (!attempt) return [];
      const next = fromCarrierStatus(attempt.channel, event.status);
      if (!next) return [];
      // A callback can beat the create's response (or follow a crash): it proves the SID.
      if (!attempt.carrierSid) this.stmt.adoptSid.run(event.sid, attempt.id);
      if (!movesForward(attempt.state, next)) return [];
      this.stmt.advance.run({
        id: attempt.id,
        state: next,
        rank: rankOf(next),
        now,
        answeredBy: event.answeredBy ?? null,
        durationS: event.durationS ?? null,
        errorCode: event.errorCode ?? null,
        final: isFinal(next) ? 1 : 0,
      });
      if (!isFinal(next)) return this.endIfUnwanted({ ...attempt, state: next, carrierSid: event.sid });
      this.afterFinal({ ...attempt, state: next }, now);
      return [];
    });
  }

  /** A call that was placed after its recipient confirmed, or its alert stopped, is ended. */
  private endIfUnwanted(attempt: AttemptRow): CallToEnd[] {
    if (attempt.channel !== 'voice' || attempt.purpose !== 'alert' || !attempt.carrierSid) return [];
    const wanted =
      this.alertActive(attempt.alertId) &&
      (this.stmt.recipient.get(attempt.recipientId) as { state: string } | undefined)?.state === 'pending';
    return wanted ? [] : [{ alertId: attempt.alertId, sid: attempt.carrierSid, inProgress: attempt.state === 'in_progress' }];
  }

  /** Ends an attempt from our side (rejected by the carrier, cancelled, expired). */
  finish(attempt: AttemptRow, state: AttemptState, error: { code?: string; message?: string }, now: number) {
    inTransaction(this.db, () => {
      this.db.run(sql`
        UPDATE dispatch_attempts SET state = ${state}, status_rank = ${rankOf(state)}, error_code = ${error.code ?? null},
          error_message = ${error.message ?? null}, finished_at = ${now}, updated_at = ${now}
        WHERE id = ${attempt.id}`);
      this.afterFinal({ ...attempt, state }, now);
    });
  }

  private afterFinal(attempt: AttemptRow, now: number) {
    const recipient = this.stmt.recipient.get(attempt.recipientId) as { state: string; voice_numbers: string } | undefined;
    // A completed call was answered (unanswered ones end busy, no-answer, failed or canceled).
    const heard = attempt.channel === 'voice' && attempt.state === 'completed' && this.answerIsFinal(attempt.alertId) && !!this.stmt.notMachine.get(attempt.id);
    const escalate = attempt.channel === 'voice' && attempt.purpose === 'alert' && recipient?.state === 'pending' && !heard && this.alertActive(attempt.alertId);
    if (escalate) {
      const numbers = JSON.parse(recipient.voice_numbers) as string[];
      const numberIndex = Math.max(0, numbers.indexOf(attempt.e164));
      const step = nextStep(this.policyOf(attempt.alertId), numbers.length, { cycle: attempt.cycle, numberIndex, attemptNo: attempt.attemptNo });
      if (step) {
        this.db.run(sql`
          INSERT OR IGNORE INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
          VALUES (${attempt.alertId}, ${attempt.recipientId}, 'voice', 'alert', ${numbers[step.numberIndex]!}, ${step.cycle}, ${step.attemptNo},
            'queued', ${now + step.delayMs}, ${now}, ${now})`);
        return;
      }
    }
    this.settleRecipient(attempt.recipientId);
    this.completeIfDone(attempt.alertId, now);
  }

  /** A pending recipient with nothing left to try was not reached. */
  settleRecipient(recipientId: number) {
    if (!this.stmt.recipientOpen.get(recipientId)) this.stmt.unreached.run(recipientId);
  }

  completeIfDone(alertId: number, now: number) {
    if (!this.stmt.alertOpen.get(alertId)) this.stmt.complete.run(now, alertId);
  }

  /** Alerts past their expiry end: what has not been sent is cancelled; calls in progress finish. */
  expireDue(now: number): number[] {
    return inTransaction(this.db, () => {
      const due = this.db.all<{ id: number }>(sql`SELECT id FROM alerts WHERE state IN ('queued', 'running') AND expires_at IS NOT NULL AND expires_at <= ${now}`);
      for (const { id } of due) {
        this.db.run(sql`UPDATE alerts SET state = 'expired', finished_at = ${now} WHERE id = ${id}`);
        this.stopAlert(id, 'larmet gick ut', now, null);
      }
      return due.map((r) => r.id);
    });
  }

  /**
   * Press 1 / reply JA (confirm) or press 2 / NEJ (decline) on an attempt. Someone GDial stopped
   * trying to reach (unreached) may still answer a text while the alert has not expired.
   */
  respond(attemptId: number, meaning: 'confirm' | 'decline', via: { channel: 'dtmf' | 'sms'; from: string; body: string; sid?: string }, now: number): CallToEnd[] {
    return inTransaction(this.db, () => {
      const attempt = this.ledger.get(attemptId);
      if (!attempt) return [];
      this.db.run(sql`
        INSERT OR IGNORE INTO responses (alert_id, recipient_id, attempt_id, channel, from_e164, body, meaning, carrier_sid, received_at)
        VALUES (${attempt.alertId}, ${attempt.recipientId}, ${attempt.id}, ${via.channel}, ${via.from}, ${via.body}, ${meaning}, ${via.sid ?? null}, ${now})`);
      const changed = this.db.run(sql`
        UPDATE alert_recipients SET state = ${meaning === 'confirm' ? 'confirmed' : 'declined'},
          confirmed_at = CASE WHEN ${meaning} = 'confirm' THEN ${now} ELSE confirmed_at END,
          confirmed_via = CASE WHEN ${meaning} = 'confirm' THEN ${via.channel === 'dtmf' ? 'voice' : 'sms'} ELSE confirmed_via END,
          declined_at = CASE WHEN ${meaning} = 'decline' THEN ${now} ELSE declined_at END
        WHERE id = ${attempt.recipientId} AND state IN ('pending', 'unreached')`).changes;
      if (!changed) return [];
      const policy = this.policyOf(attempt.alertId);
      const ends = policy.stopOnConfirmation || meaning === 'decline' ? this.stopRecipient(attempt.recipientId, attempt.id, now) : [];
      if (meaning === 'confirm' && policy.quorum !== null) ends.push(...this.checkQuorum(attempt.alertId, policy, now));
      this.completeIfDone(attempt.alertId, now);
      return ends;
    });
  }

  /** Cancels what is queued for one person and returns their other live calls to end. */
  private stopRecipient(recipientId: number, exceptAttemptId: number, now: number): CallToEnd[] {
    this.db.run(sql`
      UPDATE dispatch_attempts SET state = 'canceled', status_rank = 5, finished_at = ${now}, updated_at = ${now}, error_message = 'svar mottaget'
      WHERE recipient_id = ${recipientId} AND purpose = 'alert' AND state = 'queued'`);
    return this.liveCalls(sql`recipient_id = ${recipientId} AND id <> ${exceptAttemptId}`);
  }

  private liveCalls(where: ReturnType<typeof sql>): CallToEnd[] {
    return this.db
      .all<{ alert_id: number; sid: string | null; state: string }>(sql`
        SELECT alert_id, carrier_sid AS sid, state FROM dispatch_attempts
        WHERE ${where} AND channel = 'voice' AND purpose = 'alert' AND state IN ${ACTIVE}`)
      .filter((r): r is { alert_id: number; sid: string; state: string } => !!r.sid)
      .map((r) => ({ alertId: r.alert_id, sid: r.sid, inProgress: r.state === 'in_progress' }));
  }

  private checkQuorum(alertId: number, policy: EscalationPolicy, now: number): CallToEnd[] {
    const confirmed = this.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM alert_recipients WHERE alert_id = ${alertId} AND state = 'confirmed'`).n;
    if (confirmed < policy.quorum!) return [];
    return this.stopAlert(alertId, 'kvorum uppnått', now, policy.standDownText);
  }

  /**
   * Stops an alert's remaining work: queued attempts cancelled, live calls returned for ending,
   * and (for quorum) a stand-down text queued for everyone still pending who can get one.
   */
  stopAlert(alertId: number, reason: string, now: number, standDownText: string | null): CallToEnd[] {
    this.db.run(sql`
      UPDATE dispatch_attempts SET state = 'canceled', status_rank = 5, finished_at = ${now}, updated_at = ${now}, error_message = ${reason}
      WHERE alert_id = ${alertId} AND purpose = 'alert' AND state = 'queued'`);
    const ends = this.liveCalls(sql`alert_id = ${alertId}`);
    if (standDownText) {
      this.db.run(sql`
        INSERT OR IGNORE INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, state, not_before, queued_at, updated_at)
        SELECT alert_id, id, 'sms', 'stand_down', sms_number, 'queued', ${now}, ${now}, ${now}
        FROM alert_recipients WHERE alert_id = ${alertId} AND state = 'pending' AND sms_number IS NOT NULL AND ${CONTACTED} AND ${NOT_OPTED_OUT}`);
      this.db.run(sql`
        UPDATE alert_recipients SET stand_down_sent_at = ${now}
        WHERE alert_id = ${alertId} AND state = 'pending' AND sms_number IS NOT NULL AND ${CONTACTED} AND ${NOT_OPTED_OUT}`);
    }
    this.db.run(sql`UPDATE alert_recipients SET state = 'canceled' WHERE alert_id = ${alertId} AND state = 'pending'`);
    this.completeIfDone(alertId, now);
    return ends;
  }
}
