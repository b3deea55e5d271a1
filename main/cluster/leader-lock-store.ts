/**
 * Who leads a cluster is decided by PostgreSQL: the engine whose session holds a session-level
 * advisory lock. The lock lives on a connection of this module's own (never a pooled one: a
 * pooled connection changes hands, and the lock belongs to the session). When that session ends
 * for any reason (the process killed, the machine dead, the connection terminated, PostgreSQL
 * restarted), PostgreSQL releases the lock, and a standby's next try takes it.
 *
 * The same connection listens for "there is dispatch work" from the other engines, which queue
 * work (a launch, an escalation after a callback) but do not dispatch it.
 */
import pg from 'pg';
import type { PgStore } from '../db/pg-store';
import type { Queryable } from '../db/store';
import { sql } from 'drizzle-orm';

/** The leadership's advisory lock key ("GDLEAD" in ASCII); the writer's turn uses another. */
export const LEADER_LOCK = 0x4744_4c45_4144;
/** Standbys tell the leader that work was queued; the payload is empty. */
export const DISPATCH_CHANNEL = 'gdial_dispatch';
/** The server's keepalive probes on the lock's session (idle 5 s, then every 2 s, 3 misses). */
const KEEPALIVES = '-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3';
/** A ping that takes longer than this means the lock's connection is as good as gone. */
const PING_TIMEOUT_MS = 2_000;

export class LeaderLock {
  private client: pg.Client | null = null;
  private held = false;
  private readonly lostListeners = new Set<() => void>();
  private readonly kickListeners = new Set<() => void>();

  constructor(private readonly options: pg.ClientConfig) {}

  /** `workstation` names the session in pg_stat_activity ("gdial-leader-lock <workstation>"). */
  static forStore(store: PgStore, workstation: string): LeaderLock {
    const options = store.pool.options as pg.ClientConfig;
    return new LeaderLock({
      ...options,
      application_name: `gdial-leader-lock ${workstation}`.slice(0, 63),
      // Both ends probe the connection: a leader that vanishes without closing it (power cut,
      // cut cable) loses the lock after about 5 + 3 × 2 s on the server's side, not after the
      // operating system's default of two hours; any user may set these for their own session.
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
      options: [options.options, KEEPALIVES].filter(Boolean).join(' '),
    });
  }

  get holding(): boolean {
    return this.held;
  }

  /** Tries to take the lock without waiting; true when this engine now holds it. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = await this.connected();
    const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [LEADER_LOCK]);
    if (!rows[0]?.taken) return false;
    await client.query(`LISTEN ${DISPATCH_CHANNEL}`);
    this.held = true;
    return true;
  }

  /** Whether the lock's session still answers (within PING_TIMEOUT_MS); a failure drops the connection. */
  async ping(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    const answered = client.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([answered, timeout]);
    clearTimeout(timer);
    if (!ok) this.drop(client);
    return ok;
  }

  /** Told once each time a held lock is lost (its connection ended). */
  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Told when another engine queued dispatch work (only while this engine holds the lock). */
  onKick(listener: () => void): () => void {
    this.kickListeners.add(listener);
    return () => this.kickListeners.delete(listener);
  }

  /** Ends the session, which releases the lock (an engine stopping). */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held = false;
    if (!client) return;
    client.removeAllListeners();
    client.on('error', () => {});
    await client.end().catch(() => {});
  }

  private async connected(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client(this.options);
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    client.on('notification', (message) => {
      if (message.channel === DISPATCH_CHANNEL) for (const listener of this.kickListeners) listener();
    });
    try {
      await client.connect();
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    return client;
  }

  private drop(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    const wasHeld = this.held;
    this.held = false;
    client.removeAllListeners();
    client.on('error', () => {});
    void client.end().catch(() => {});
    if (wasHeld) for (const listener of this.lostListeners) listener();
  }
}

/** Tells the leader (whichever engine it is) that dispatch work was queued. */
export async function kickLeader(q: Queryable): Promise<void> {
  await q.run(sql`SELECT pg_notify(${DISPATCH_CHANNEL}, '')`);
}
