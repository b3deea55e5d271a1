/**
 * What changed comes from the writes themselves. Every alert, recipient and attempt row an
 * INSERT or UPDATE touches (and the answers and carrier events a person's timeline shows) is
 * noted by the database, inside the writer's own transaction. No service has to remember to
 * report: a new write path is covered the moment it writes. Only what was committed is ever
 * read: a rollback (or a failing savepoint in a group commit) takes the note back with the
 * change it described.
 *
 * Launching writes the recipients and their first attempts with no notes (`alert_recipients`
 * has no insert trigger; a launch's attempts are recognised by being queued in the same
 * millisecond the alert was created): a new alert is announced by its own row, and its people
 * are read with it, not pushed as 100,000 changes.
 *
 * One `ChangeFeed`, two ways of noting, chosen by the store's dialect:
 * - SQLite (here): temporary triggers on the engine's one connection write each note into a
 *   temporary table. The first note after a drain calls `gdial_rows_changed()`, which only wakes
 *   the listener; the listener drains the notes later, outside any transaction, and so sees
 *   exactly the committed ones (a wake-up whose transaction rolled back finds nothing).
 *   Temporary objects live in this connection only: they are never in the database file, its
 *   backups or another process's connection.
 * - PostgreSQL (pg-change-feed-store.ts): temporary tables are per connection and the pool has
 *   many, so row triggers (a migration) call `pg_notify('gdial_changes', '<table>:<id>')`, which
 *   PostgreSQL delivers only when the transaction commits (and drops on rollback), to a LISTEN
 *   connection of the feed's own.
 */
import type Database from 'better-sqlite3';
import { PgStore } from '../db/pg-store';
import { SqliteStore } from '../db/sqlite-store';
import type { Store } from '../db/store';
import { PgChangeFeed } from './pg-change-feed-store';
import { changedRowsOf, type ChangedRows, type ChangeFeed } from './row-changes';

export type { ChangedRows, ChangeFeed } from './row-changes';

/** Starts noting changes in this store's database (once per store: the engine's composition root). */
export async function openChangeFeed(store: Store): Promise<ChangeFeed> {
  switch (store.dialect) {
    case 'sqlite':
      if (!(store instanceof SqliteStore)) throw new Error('change feed: a SQLite store without its connection');
      return new SqliteChangeFeed(store.sqlite);
    case 'postgres':
      if (!(store instanceof PgStore)) throw new Error('change feed: a PostgreSQL store without its pool');
      return PgChangeFeed.open(store);
  }
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

/** The SQLite feed: temporary triggers and a temporary table on the engine's one connection. */
export class SqliteChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<() => void>();
  private readonly stmt;

  constructor(private readonly sqlite: Database.Database) {
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

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  drain(): Promise<ChangedRows | null> {
    // A unit holds the writer's turn with its transaction open: its notes are not committed yet.
    if (this.sqlite.inTransaction) return Promise.resolve(null);
    const rows = this.stmt.read.all() as Array<{ alertId: number; recipientId: number | null }>;
    this.stmt.clear.run();
    return Promise.resolve(changedRowsOf(rows));
  }

  /** The triggers and notes are dropped. */
  close(): Promise<void> {
    if (this.sqlite.open) {
      for (const name of Object.keys(TRIGGERS)) this.sqlite.exec(`DROP TRIGGER IF EXISTS temp.${name}`);
      this.sqlite.exec('DROP TABLE IF EXISTS temp.changed_rows');
    }
    this.listeners.clear();
    return Promise.resolve();
  }
}
