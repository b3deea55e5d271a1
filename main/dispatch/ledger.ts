/**
 * The dispatch ledger's writes. Every state change is one short synchronous transaction, and
 * `submitting` is on disk before any request leaves: after a crash, the ledger knows exactly
 * which attempts may have reached the carrier.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import type { AttemptState } from './attempt-status';

export interface AttemptRow {
  id: number;
  alertId: number;
  recipientId: number;
  channel: 'voice' | 'sms';
  purpose: 'alert' | 'stand_down';
  e164: string;
  cycle: number;
  attemptNo: number;
  state: AttemptState;
  carrierSid: string | null;
  submittingAt: number | null;
  notBefore: number;
}



export const ACTIVE_ALERT_STATES = sql`('queued', 'running')`;

const COLUMN_LIST = `id, alert_id AS alertId, recipient_id AS recipientId, channel, purpose, e164, cycle, attempt_no AS attemptNo,
  state, carrier_sid AS carrierSid, submitting_at AS submittingAt, not_before AS notBefore`;
const COLUMNS = sql.raw(COLUMN_LIST);

export class Ledger {
  /** Every callback and every result reads or writes these: prepared once. */
  private readonly stmt;

  constructor(private readonly db: Db) {
    const sqlite = db.$client;
    this.stmt = {
      get: sqlite.prepare(`SELECT ${COLUMN_LIST} FROM dispatch_attempts WHERE id = ?`),
      bySid: sqlite.prepare(`SELECT ${COLUMN_LIST} FROM dispatch_attempts WHERE carrier_sid = ?`),
      submitted: sqlite.prepare(`
        UPDATE dispatch_attempts SET state = 'submitted', carrier_sid = ?, carrier_account = ?, submitted_at = ?, segments = ?,
          status_rank = 2, updated_at = ?
        WHERE id = ? AND state IN ('submitting', 'in_doubt')`),
    };
  }

  get(id: number): AttemptRow | undefined {
    return this.stmt.get.get(id) as AttemptRow | undefined;
  }

  bySid(sid: string): AttemptRow | undefined {
    return this.stmt.bySid.get(sid) as AttemptRow | undefined;
  }

  /** Queued attempts that are due, oldest alert first, for alerts that may dispatch. */
  due(now: number, channel: 'voice' | 'sms', limit: number): AttemptRow[] {
    return this.db.all<AttemptRow>(sql`
      SELECT ${COLUMNS} FROM dispatch_attempts
      WHERE state = 'queued' AND channel = ${channel} AND not_before <= ${now}
        AND alert_id IN (SELECT id FROM alerts WHERE state IN ${ACTIVE_ALERT_STATES})
      ORDER BY alert_id, purpose DESC, id
      LIMIT ${limit}`);
  }

  /** When the next queued attempt becomes due (for the dispatcher's timer), or null. */
  nextDueAt(): number | null {
    return (
      this.db.get<{ t: number | null }>(sql`
        SELECT MIN(not_before) AS t FROM dispatch_attempts
        WHERE state = 'queued' AND alert_id IN (SELECT id FROM alerts WHERE state IN ${ACTIVE_ALERT_STATES})`).t ?? null
    );
  }

  activeCalls(): number {
    return this.db.get<{ n: number }>(sql`
      SELECT COUNT(*) AS n FROM dispatch_attempts
      WHERE channel = 'voice' AND state IN ('submitting', 'submitted', 'ringing', 'in_progress')`).n;
  }

  /**
   * Claims attempts for sending, in one transaction committed before any request leaves.
   * Returns the ids actually claimed (another writer may have moved one meanwhile).
   */
  markSubmitting(ids: number[], now: number): Set<number> {
    if (ids.length === 0) return new Set();
    return inTransaction(this.db, () => {
      const claim = this.db.$client.prepare(
        "UPDATE dispatch_attempts SET state = 'submitting', submitting_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'",
      );
      const claimed = new Set(ids.filter((id) => claim.run(now, now, id).changes === 1));
      this.db.run(sql`
        UPDATE alerts SET state = 'running', started_at = COALESCE(started_at, ${now})
        WHERE state = 'queued' AND id IN (SELECT alert_id FROM dispatch_attempts WHERE id IN (${sql.join([...claimed].map((id) => sql`${id}`), sql`, `)}))`);
      return claimed;
    });
  }

  markSubmitted(id: number, sid: string, account: string, now: number, segments?: number) {
    this.stmt.submitted.run(sid, account, now, segments ?? null, now, id);
  }

  requeue(id: number, notBefore: number, reason: string | null, now: number) {
    this.db.run(sql`
      UPDATE dispatch_attempts SET state = 'queued', not_before = ${notBefore}, error_message = ${reason}, updated_at = ${now}
      WHERE id = ${id} AND state IN ('submitting', 'in_doubt')`);
  }

  markInDoubt(id: number, reason: string, now: number) {
    this.db.run(sql`UPDATE dispatch_attempts SET state = 'in_doubt', error_message = ${reason}, updated_at = ${now} WHERE id = ${id} AND state = 'submitting'`);
  }

  /** After a crash: whatever was being submitted may or may not have reached the carrier. */
  recoverInterrupted(now: number): number {
    return this.db.run(sql`
      UPDATE dispatch_attempts SET state = 'in_doubt', error_message = 'engine stopped while submitting', updated_at = ${now}
      WHERE state = 'submitting'`).changes;
  }

  inDoubt(): AttemptRow[] {
    return this.db.all<AttemptRow>(sql`SELECT ${COLUMNS} FROM dispatch_attempts WHERE state = 'in_doubt' ORDER BY id`);
  }

  /** SIDs the ledger already holds, so an in-doubt attempt never adopts someone else's call. */
  knownSid(sid: string): boolean {
    return !!this.db.get(sql`SELECT 1 FROM dispatch_attempts WHERE carrier_sid = ${sid}`);
  }
}
