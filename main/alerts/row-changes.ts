/**
 * What changed comes from the writes themselves. Temporary triggers on the engine's connection
 * note every alert, recipient and attempt row an INSERT or UPDATE touches (and the answers and
 * carrier events a person's timeline shows) in a temporary table. No service has to remember
 * to report: a new write path is covered the moment it writes.
 *
 * Only what was committed is ever read: a note is a row written inside the writer's own
 * transaction, so a rollback (or a failing savepoint in a group commit) takes it back with the
 * change it described. The first note after a drain calls `gdial_rows_changed()`, which only
 * wakes the listener; the listener drains the notes later, outside any transaction, and so
 * sees exactly the committed ones (a wake-up whose transaction rolled back finds nothing).
 *
 * Launching writes the recipients and their first attempts with no notes (`alert_recipients`
 * has no insert trigger; a launch's attempts are recognised by being queued in the same
 * millisecond the alert was created): a new alert is announced by its own row, and its people
 * are read with it, not pushed as 100,000 changes.
 *
 * Temporary objects live in this connection only: they are never in the database file, its
 * backups or another process's connection.
 */
import type { Db } from '../db/open';

/** The rows changed since the last drain: every alert touched, and per alert its recipients. */
export interface ChangedRows {
  alertIds: number[];
  recipientIds: Map<number, number[]>;
}

const WAKE = 'gdial_rows_changed';

/** One note per changed row; `wake` first, so the listener hears of the first note only. */
const note = (alert: string, recipient: string) => `
  SELECT ${WAKE}() WHERE NOT EXISTS (SELECT 1 FROM changed_rows);
  INSERT INTO changed_rows (alert_id, recipient_id) VALUES (${alert}, ${recipient});`;

const TRIGGERS: Record<string, string> = {
  gdial_changed_alert_insert: `AFTER INSERT ON main.alerts BEGIN ${note('NEW.id', 'NULL')} END`,
  gdial_changed_alert_update: `AFTER UPDATE ON main.alerts BEGIN ${note('NEW.id', 'NULL')} END`,
  gdial_changed_recipient: `AFTER UPDATE ON main.alert_recipients BEGIN ${note('NEW.alert_id', 'NEW.id')} END`,
  // A launch's first attempts are part of the new alert, not changes to announce one by one.
  gdial_changed_attempt_insert: `AFTER INSERT ON main.dispatch_attempts
    WHEN NEW.queued_at <> (SELECT created_at FROM alerts WHERE id = NEW.alert_id)
    BEGIN ${note('NEW.alert_id', 'NEW.recipient_id')} END`,
  gdial_changed_attempt_update: `AFTER UPDATE ON main.dispatch_attempts BEGIN ${note('NEW.alert_id', 'NEW.recipient_id')} END`,
  gdial_changed_burn_insert: `AFTER INSERT ON main.burn_messages BEGIN ${note('NEW.alert_id', 'NULL')} END`,
  gdial_changed_burn_update: `AFTER UPDATE ON main.burn_messages BEGIN ${note('NEW.alert_id', 'NULL')} END`,
  gdial_changed_response: `AFTER INSERT ON main.responses WHEN NEW.alert_id IS NOT NULL BEGIN ${note('NEW.alert_id', 'NEW.recipient_id')} END`,
  gdial_changed_carrier_event: `AFTER INSERT ON main.carrier_events WHEN NEW.attempt_id IS NOT NULL BEGIN
    SELECT ${WAKE}() WHERE NOT EXISTS (SELECT 1 FROM changed_rows);
    INSERT INTO changed_rows (alert_id, recipient_id) SELECT alert_id, recipient_id FROM dispatch_attempts WHERE id = NEW.attempt_id;
  END`,
};

export class RowChanges {
  private readonly listeners = new Set<() => void>();
  private readonly stmt;

  private constructor(private readonly db: Db) {
    const sqlite = db.$client;
    // Called from inside the writing statement: it must not touch the database, only wake.
    sqlite.function(WAKE, { varargs: false }, () => {
      for (const listener of this.listeners) listener();
      return null;
    });
    sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS changed_rows (alert_id INTEGER NOT NULL, recipient_id INTEGER)');
    for (const [name, body] of Object.entries(TRIGGERS)) sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS ${name} ${body}`);
    this.stmt = {
      read: sqlite.prepare('SELECT DISTINCT alert_id AS alertId, recipient_id AS recipientId FROM changed_rows'),
      clear: sqlite.prepare('DELETE FROM changed_rows'),
    };
  }

  /** Starts noting changes on this connection (once per connection: the engine's composition root). */
  static attach(db: Db): RowChanges {
    return new RowChanges(db);
  }

  /** `listener` runs when changes start to pile up after a drain (possibly inside a transaction: only schedule work). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The committed changes since the last drain, which are then forgotten. Null while a
   * transaction is open on this connection (its notes are not committed yet): ask again later.
   */
  drain(): ChangedRows | null {
    if (this.db.$client.inTransaction) return null;
    const rows = this.stmt.read.all() as Array<{ alertId: number; recipientId: number | null }>;
    this.stmt.clear.run();
    const alertIds = new Set<number>();
    const recipientIds = new Map<number, number[]>();
    for (const { alertId, recipientId } of rows) {
      alertIds.add(alertId);
      if (recipientId === null) continue;
      const list = recipientIds.get(alertId);
      if (list) list.push(recipientId);
      else recipientIds.set(alertId, [recipientId]);
    }
    return { alertIds: [...alertIds], recipientIds };
  }

  /** Stops noting (the engine stops, or a test is done): the triggers and notes are dropped. */
  detach(): void {
    const sqlite = this.db.$client;
    if (!sqlite.open) return;
    for (const name of Object.keys(TRIGGERS)) sqlite.exec(`DROP TRIGGER IF EXISTS temp.${name}`);
    sqlite.exec('DROP TABLE IF EXISTS temp.changed_rows');
    this.listeners.clear();
  }
}
