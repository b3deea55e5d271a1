/**
 * Several engines on one PostgreSQL act as one system: one leads (dispatch, the status poller,
 * the scheduler, burns), the others stand by (they serve their consoles, take carrier callbacks
 * and write their outcomes). PostgreSQL chooses the leader (leader-lock-store.ts); each
 * leadership bumps a fencing epoch that every ledger claim checks, so a deposed leader that is
 * still running claims nothing.
 *
 * On SQLite there is one engine per database file (the data directory's lock): it leads at once.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClusterStatus } from '../contract';
import { PgStore } from '../db/pg-store';
import type { Store } from '../db/store';
import { iso } from '../db/tx';
import type { Logger } from '../log';
import {
  currentLeadership,
  forgetNodes,
  heartbeat,
  joinCluster,
  leaderWaitsForUplink,
  leaveCluster,
  liveNodes,
  noteLeaderUplink,
  takeLead,
  type ClusterNodeRow,
  type LeadershipRow,
} from './cluster-store';
import { kickLeader, LeaderLock } from './leader-lock-store';

/** This workstation's name in the cluster: `GDIAL_WORKSTATION_NAME`, else the machine's name. */
export function workstationName(env: NodeJS.ProcessEnv): string {
  return env.GDIAL_WORKSTATION_NAME?.trim() || hostname();
}

/** Whether other engines have said they are alive on this database in the last STALE_MS (before this one joins). */
export async function othersRunning(store: Store, now: number): Promise<boolean> {
  return (await liveNodes(store, now - STALE_MS)).length > 0;
}

/** The status of an engine that takes no part in a cluster (an admin tool). */
export function standaloneStatus(name: string): ClusterStatus {
  return { self: { id: '', name, role: 'standby' }, multiple: false, epoch: null, leader: null, nodes: [], lastTakeover: null };
}

/** What only the leader does; `takeover` is true when another engine led before this one. */
export interface LeaderDuties {
  lead(epoch: number, takeover: boolean): Promise<void>;
  depose(): Promise<void>;
  /** Work was queued somewhere in the cluster: dispatch it. */
  kick(): void;
}

/** How often a standby tries the lock, and the leader checks that it still holds it. */
const TRY_EVERY_MS = 500;
/**
 * An engine that lost the lead waits this long before trying again, so a standby whose database
 * connection is sound takes over rather than the engine whose connection just failed.
 */
const HOLD_OFF_MS = 3_000;
/** How often each engine says it is alive; an engine silent for STALE_MS is not listed. */
const HEARTBEAT_MS = 2_000;
const STALE_MS = 10_000;
/** Rows of engines gone for a day are forgotten. */
const FORGET_MS = 24 * 3_600_000;

export interface Takeover {
  from: string | null;
  to: string;
  at: string;
}

export class Cluster {
  readonly nodeId = randomUUID();
  private role: 'leader' | 'standby' = 'standby';
  private epoch: number | null = null;
  private leadingSince: number | null = null;
  private nodes: ClusterNodeRow[] = [];
  private lastTakeover: Takeover | null = null;
  /** The leader as this engine last knew it (to notice a takeover). */
  private knownLeader: { id: string; name: string } | null = null;
  private readonly lock: LeaderLock | null;
  private timer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** No try for the lock before this (ms): just deposed. */
  private holdOffUntil = 0;
  /** One transition at a time: leading and being deposed never interleave. */
  private turn: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(status: ClusterStatus) => void>();
  private readonly takeoverListeners = new Set<(takeover: Takeover) => void>();
  private lastShown = '';
  /** The leader's "waiting for the carrier", as last read (standbys show it). */
  private uplinkWaiting = false;
  private readonly uplinkListeners = new Set<() => void>();
  /**
   * Refreshes may overlap (a slow heartbeat round, a change of role): only a read begun after the
   * one last applied is applied, so a stale view never undoes a newer one (a takeover announced
   * backwards, the carrier banner flapping).
   */
  private refreshesBegun = 0;
  private refreshApplied = 0;

  constructor(
    private readonly d: {
      store: Store;
      name: string;
      duties: LeaderDuties;
      log: Logger;
      now?: () => number;
    },
  ) {
    this.lock = d.store instanceof PgStore ? LeaderLock.forStore(d.store, d.name) : null;
    this.lock?.onLost(() => this.lost());
    this.lock?.onKick(() => d.duties.kick());
  }

  private now(): number {
    return (this.d.now ?? Date.now)();
  }

  get leading(): boolean {
    return this.role === 'leader';
  }

  get name(): string {
    return this.d.name;
  }

  async start(): Promise<void> {
    await joinCluster(this.d.store, { id: this.nodeId, name: this.d.name }, this.now());
    if (!this.lock) {
      // SQLite: the data directory's lock already makes this the only engine on the file.
      await this.becomeLeader();
    } else {
      await this.tryToLead();
      this.schedule();
    }
    await this.refresh();
    this.heartbeatTimer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** This engine's view of the cluster, for the console. */
  status(): ClusterStatus {
    const leader = this.nodes.find((n) => n.role === 'leader') ?? null;
    return {
      self: { id: this.nodeId, name: this.d.name, role: this.role },
      multiple: this.lock !== null,
      epoch: this.epoch ?? null,
      leader: leader ? { id: leader.id, name: leader.name, since: iso(leader.leadingSince ?? leader.startedAt) } : null,
      nodes: this.nodes.map((n) => ({
        id: n.id,
        name: n.name,
        role: n.role === 'leader' ? 'leader' : 'standby',
        since: iso(n.role === 'leader' ? (n.leadingSince ?? n.startedAt) : n.startedAt),
        seenAt: iso(n.seenAt),
        self: n.id === this.nodeId,
      })),
      lastTakeover: this.lastTakeover,
    };
  }

  onChange(listener: (status: ClusterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onTakeover(listener: (takeover: Takeover) => void): () => void {
    this.takeoverListeners.add(listener);
    return () => this.takeoverListeners.delete(listener);
  }

  /**
   * Whether the leader's dispatcher waits for the carrier, as this standby last read it; undefined
   * while this engine leads (its own dispatcher knows).
   */
  leaderWaitsForUplink(): boolean | undefined {
    return this.leading ? undefined : this.uplinkWaiting;
  }

  /** The leader's dispatcher lost or found the carrier: every engine's consoles are to show it. */
  noteUplink(up: boolean): void {
    if (!this.leading || !this.lock) return;
    void noteLeaderUplink(this.d.store, !up).catch((err: unknown) => this.d.log.debug({ err }, 'uplink state not shared'));
  }

  onUplinkSeen(listener: () => void): () => void {
    this.uplinkListeners.add(listener);
    return () => this.uplinkListeners.delete(listener);
  }

  /** Work was queued here: the leader dispatches it, wherever it runs. */
  kick(): void {
    if (this.leading) return this.d.duties.kick();
    if (this.lock) void kickLeader(this.d.store).catch((err: unknown) => this.d.log.debug({ err }, 'could not tell the leader of new work'));
  }

  /** Whether this engine can write to the database now (a heartbeat is a real write). */
  async canWrite(): Promise<boolean> {
    if (this.d.store.availability.waiting) return false;
    try {
      return await heartbeat(this.d.store, this.nodeId, this.role, this.leadingSince, this.now());
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.transition(async () => {
      if (this.role === 'leader') await this.d.duties.depose();
      this.role = 'standby';
    });
    await leaveCluster(this.d.store, this.nodeId, this.now()).catch(() => {});
    await this.lock?.release();
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void (this.leading ? this.checkStillLeading() : this.tryToLead()).finally(() => this.schedule());
    }, TRY_EVERY_MS);
    this.timer.unref();
  }

  private async tryToLead(): Promise<void> {
    if (!this.lock || this.stopped || this.now() < this.holdOffUntil) return;
    let taken = false;
    try {
      taken = await this.lock.tryAcquire();
    } catch (err) {
      this.d.log.debug({ err }, 'could not try the leader lock (database unavailable?)');
      return;
    }
    if (taken) await this.becomeLeader();
  }

  private async checkStillLeading(): Promise<void> {
    // A failed ping drops the connection, which reports the loss (lost()).
    await this.lock?.ping();
  }

  private becomeLeader(): Promise<void> {
    return this.transition(async () => {
      if (this.stopped || this.role === 'leader') return;
      let taken: Awaited<ReturnType<typeof takeLead>>;
      try {
        taken = await takeLead(this.d.store, { id: this.nodeId, name: this.d.name }, this.now());
      } catch (err) {
        // The lock is held but the epoch could not be written: give the lock back and try again.
        this.d.log.warn({ err }, 'took the leader lock but could not record it; trying again');
        await this.lock?.release();
        return;
      }
      if (this.lock && !this.lock.holding) return; // lost while recording: the next holder records its own
      this.role = 'leader';
      this.epoch = taken.epoch;
      this.leadingSince = this.now();
      const takeover = taken.previousId !== null && taken.previousId !== this.nodeId && this.lock !== null;
      this.d.log.info({ epoch: taken.epoch, from: taken.previousName }, takeover ? 'took over the lead' : 'leads');
      // The leader before may have left "waiting for the carrier" behind: this one has not seen that yet.
      if (this.lock) await noteLeaderUplink(this.d.store, false).catch(() => {});
      await this.d.duties.lead(taken.epoch, takeover);
      // The refresh announces the change from the leader before (takeover) to this engine.
      if (takeover) this.knownLeader ??= { id: taken.previousId!, name: taken.previousName ?? '' };
      void this.refresh();
    });
  }

  private lost() {
    void this.transition(async () => {
      if (this.role !== 'leader') return;
      this.d.log.warn({ epoch: this.epoch }, 'lost the leader lock: dispatch stops here, another engine leads');
      this.holdOffUntil = this.now() + HOLD_OFF_MS;
      this.role = 'standby';
      this.epoch = null;
      this.leadingSince = null;
      await this.d.duties.depose();
      void this.refresh();
    });
  }

  private transition(fn: () => Promise<void>): Promise<void> {
    const next = this.turn.then(fn).catch((err: unknown) => this.d.log.error({ err }, 'cluster role change failed'));
    this.turn = next;
    return next;
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    try {
      await heartbeat(this.d.store, this.nodeId, this.role, this.leadingSince, this.now());
      await forgetNodes(this.d.store, this.now() - FORGET_MS);
    } catch (err) {
      this.d.log.debug({ err }, 'heartbeat not written (database unavailable?)');
    }
    await this.refresh();
  }

  /**
   * Every engine announces a change of leader to its consoles, however it heard of it: the new
   * leader from its own takeover, a standby from the leadership row.
   */
  private noteLeader(leadership: LeadershipRow | undefined) {
    if (!leadership?.leaderId) return;
    const before = this.knownLeader;
    this.knownLeader = { id: leadership.leaderId, name: leadership.leaderName ?? '' };
    if (!before || before.id === leadership.leaderId) return;
    this.lastTakeover = { from: before.name || null, to: this.knownLeader.name, at: iso(leadership.since) };
    for (const listener of this.takeoverListeners) listener(this.lastTakeover);
  }

  /** Reads the engines alive now and the leadership; tells listeners when the picture changed. */
  private async refresh(): Promise<void> {
    const begun = ++this.refreshesBegun;
    try {
      const [nodes, leadership, uplinkWaiting] = await Promise.all([
        liveNodes(this.d.store, this.now() - STALE_MS),
        currentLeadership(this.d.store),
        this.lock ? leaderWaitsForUplink(this.d.store) : Promise.resolve(false),
      ]);
      if (begun < this.refreshApplied) return;
      this.refreshApplied = begun;
      if (uplinkWaiting !== this.uplinkWaiting) {
        this.uplinkWaiting = uplinkWaiting;
        if (!this.leading) for (const listener of this.uplinkListeners) listener();
      }
      // A node row saying "leader" that is not the recorded leader is stale (it died leading).
      this.nodes = nodes.map((n) => (n.role === 'leader' && n.id !== leadership?.leaderId ? { ...n, role: 'standby', leadingSince: null } : n));
      this.noteLeader(leadership);
    } catch (err) {
      this.d.log.debug({ err }, 'cluster view not read');
      return;
    }
    const status = this.status();
    const shown = JSON.stringify({ ...status, nodes: status.nodes.map((n) => ({ ...n, seenAt: '' })) });
    if (shown === this.lastShown) return;
    this.lastShown = shown;
    for (const listener of this.listeners) listener(status);
  }
}
