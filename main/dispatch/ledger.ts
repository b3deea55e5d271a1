/**
 * The legacy, synchronous door to the ledger on the SQLite `Db`, for the callers that are not yet
 * async (conversation/opt-out.ts, sms-replies.ts, voice-calls.ts through the legacy `Outcomes`).
 * The dispatcher uses ledger-store.ts. Delete once every caller is async (issue 13).
 */
import type { Db } from '../db/open';
import type { AttemptRow } from './ledger-store';

export type { AttemptRow } from './ledger-store';

const COLUMN_LIST = `id, alert_id AS alertId, recipient_id AS recipientId, channel, purpose, e164, cycle, attempt_no AS attemptNo,
  state, carrier_sid AS carrierSid, submitting_at AS submittingAt, not_before AS notBefore`;

// Legacy twin until every caller is async (issue 13).
export class Ledger {
  /** Every callback reads these: prepared once. */
  private readonly stmt;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.stmt = {
      get: sqlite.prepare(`SELECT ${COLUMN_LIST} FROM dispatch_attempts WHERE id = ?`),
      bySid: sqlite.prepare(`SELECT ${COLUMN_LIST} FROM dispatch_attempts WHERE carrier_sid = ?`),
    };
  }

  // Legacy twin until every caller is async (issue 13).
  get(id: number): AttemptRow | undefined {
    return this.stmt.get.get(id) as AttemptRow | undefined;
  }

  // Legacy twin until every caller is async (issue 13).
  bySid(sid: string): AttemptRow | undefined {
    return this.stmt.bySid.get(sid) as AttemptRow | undefined;
  }
}
