/**
 * The change feed on PostgreSQL (see change-feed-store.ts for what it promises). Row triggers
 * (migration `change_feed`) call `pg_notify('gdial_changes', '<table>:<id>')` inside the
 * writer's transaction; PostgreSQL delivers a notification only when that transaction commits,
 * and never one that rolled back. The feed listens on a connection of its own, not one of the
 * pool's (a pooled connection changes hands, and LISTEN belongs to the session), collects the
 * row ids it hears, and on drain reads which alert and recipient each row belongs to now.
 *
 * A lost listening connection is opened again; what was committed while nobody listened was not
 * heard, so the first drain after that reads every alert still active (or ended since the loss)
 * again, rows and all. Several engines on one database (the next step) hear each other's
 * commits the same way.
 */
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { PgStore } from '../db/pg-store';
import type { Queryable } from '../db/store';
import { changedRowsOf, type ChangedRows, type ChangeFeed } from './row-changes';

export const CHANGES_CHANNEL = 'gdial_changes';
const RETRY_MS = { first: 500, max: 10_000 };
/** Ids per IN-list when reading which alert a row belongs to. */
const CHUNK = 1_000;

type Pair = { alertId: number; recipientId: number | null };

/** For each noting table: its rows' alert and recipient, now (rows deleted since give nothing). */
const OWNERS: Record<string, (ids: SQL) => SQL> = {
  alert_recipients: (ids) => sql`SELECT alert_id AS "alertId", id AS "recipientId" FROM alert_recipients WHERE id IN (${ids})`,
  dispatch_attempts: (ids) => sql`SELECT alert_id AS "alertId", recipient_id AS "recipientId" FROM dispatch_attempts WHERE id IN (${ids})`,
  burn_messages: (ids) => sql`SELECT alert_id AS "alertId", CAST(NULL AS integer) AS "recipientId" FROM burn_messages WHERE id IN (${ids})`,
  responses: (ids) => sql`SELECT alert_id AS "alertId", recipient_id AS "recipientId" FROM responses WHERE id IN (${ids}) AND alert_id IS NOT NULL`,
  carrier_events: (ids) => sql`
    SELECT d.alert_id AS "alertId", d.recipient_id AS "recipientId"
    FROM carrier_events e JOIN dispatch_attempts d ON d.id = e.attempt_id WHERE e.id IN (${ids})`,
};

async function ownersOf(q: Queryable, table: string, ids: number[]): Promise<Pair[]> {
  if (table === 'alerts') return ids.map((alertId) => ({ alertId, recipientId: null }));
  const owners = OWNERS[table];
  if (!owners) return [];
  const pairs: Pair[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    pairs.push(...(await q.all<Pair>(owners(sql.join(chunk.map((id) => sql`${id}`), sql`, `)))));
  }
  return pairs;
}

/** Alerts to read again in full after the feed could not listen since `since` (ms). */
async function alertsToReload(q: Queryable, since: number): Promise<Set<number>> {
  const rows = await q.all<{ id: number }>(sql`
    SELECT id AS "id" FROM alerts WHERE state IN ('pending_approval', 'queued', 'running') OR finished_at >= ${since} OR created_at >= ${since}`);
  return new Set(rows.map((r) => r.id));
}

export class PgChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<() => void>();
  /** Heard since the last drain: table → row ids. */
  private heard = new Map<string, Set<number>>();
  private client: pg.Client | null = null;
  private closed = false;
  /** When listening stopped (ms), until the drain after listening again has read everything again. */
  private deafSince: number | null = null;
  private resync = false;
  private retryMs = RETRY_MS.first;
  private retryTimer: NodeJS.Timeout | null = null;

  private constructor(private readonly store: PgStore) {}

  static async open(store: PgStore): Promise<PgChangeFeed> {
    const feed = new PgChangeFeed(store);
    await feed.listen();
    return feed;
  }

  private async listen(): Promise<void> {
    // Its own connection, from the pool's settings: LISTEN belongs to one session.
    const client = new pg.Client(this.store.pool.options);
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload) this.noted(message.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = RETRY_MS.first;
    if (this.deafSince !== null) {
      // Listening again: whatever committed while deaf is read again by the next drain.
      this.resync = true;
      this.wake();
    }
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => {});
    void client.end().catch(() => {});
    if (this.closed) return;
    this.deafSince ??= Date.now();
    this.retry();
  }

  private retry() {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.listen().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
        this.retry();
      });
    }, this.retryMs);
    this.retryTimer.unref();
  }

  private noted(payload: string) {
    const colon = payload.lastIndexOf(':');
    const table = payload.slice(0, colon);
    const id = Number(payload.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(id)) return;
    const first = this.heard.size === 0;
    let ids = this.heard.get(table);
    if (!ids) this.heard.set(table, (ids = new Set()));
    ids.add(id);
    if (first) this.wake();
  }

  private wake() {
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async drain(): Promise<ChangedRows | null> {
    const heard = this.heard;
    this.heard = new Map();
    let reload = new Set<number>();
    if (this.resync && this.deafSince !== null) {
      reload = await alertsToReload(this.store, this.deafSince);
      this.resync = false;
      this.deafSince = null;
    }
    const pairs: Pair[] = [];
    for (const [table, ids] of heard) pairs.push(...(await ownersOf(this.store, table, [...ids])));
    return changedRowsOf(pairs, reload);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
  }
}
