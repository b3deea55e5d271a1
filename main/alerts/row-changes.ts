/**
 * The change feed's shape, the same on both engines: the rows the writes themselves noted, in
 * the database and inside the writer's transaction, drained once committed. How each engine
 * notes them is in the store layer: change-feed-store.ts (SQLite, and the choice by dialect)
 * and pg-change-feed-store.ts (PostgreSQL).
 */

/** The rows changed since the last drain: every alert touched, and per alert its recipients. */
export interface ChangedRows {
  alertIds: number[];
  recipientIds: Map<number, number[]>;
  /**
   * Alerts whose every row is to be read again (PostgreSQL, after the feed's connection was lost
   * and came back: what changed meanwhile was not heard). Always empty on SQLite.
   */
  reloadAlertIds: Set<number>;
}

export interface ChangeFeed {
  /** `listener` runs when changes start to pile up after a drain (possibly inside a transaction: only schedule work). */
  onChange(listener: () => void): () => void;
  /**
   * The committed changes since the last drain, which are then forgotten. Null while a
   * transaction is open on SQLite's one connection (its notes are not committed yet): ask again later.
   */
  drain(): Promise<ChangedRows | null>;
  /** Stops noting (the engine stops, or a test is done). */
  close(): Promise<void>;
}

/** Groups (alert, recipient) pairs into ChangedRows. */
export function changedRowsOf(pairs: Iterable<{ alertId: number; recipientId: number | null }>, reloadAlertIds = new Set<number>()): ChangedRows {
  const alertIds = new Set<number>(reloadAlertIds);
  const recipients = new Map<number, Set<number>>();
  for (const { alertId, recipientId } of pairs) {
    alertIds.add(alertId);
    if (recipientId === null) continue;
    let set = recipients.get(alertId);
    if (!set) recipients.set(alertId, (set = new Set()));
    set.add(recipientId);
  }
  return { alertIds: [...alertIds], recipientIds: new Map([...recipients].map(([a, r]) => [a, [...r]])), reloadAlertIds };
}

