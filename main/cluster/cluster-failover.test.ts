// Faults a cluster must survive, on real PostgreSQL with real engine processes and a carrier (the
// simulator, in this process, outliving every engine): the leader killed with SIGKILL mid-alert,
// ten times; the leader losing its database while it runs on; and PostgreSQL itself restarting
// (a throwaway server of the test's own, stopped and started again on the same port and data).
// After each, every recipient was created exactly once at the carrier, none is missing, and no
// attempt is left in a non-final state.
// (Engines racing for the lead at start: cluster-race.test.ts.)
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startSimulator, type Simulator } from '../carriers/simulator';
import type { ClusterStatus } from '../contract';
import { getOne, type Store } from '../db/store';
import { bookWithGroup, draft, FAST } from '../test-support/alert-fixture';
import { createTestPgDatabase, engineBackends } from '../test-support/backends';
import { adminCall, ADMIN, leaderOf, openClusterDatabase, startClusterEngine, waitForLeader, type ClusterEngine } from '../test-support/cluster-fixture';
import { removeDir, startTestEngine, tempDir } from '../test-support/engine-fixture';
import { startPgServer } from '../test-support/pg-server';
import { wsClient, type WsTestClient } from '../test-support/ws-client';
import { LEADER_LOCK } from './leader-lock-store';
import { freePort } from '../test-support/free-port';

// PostgreSQL only: on SQLite one engine owns the database file.
const postgres = engineBackends().filter((b) => b.name === 'postgres');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each engine's own sessions carry this name (libpq's PGAPPNAME), so a test can pick one engine's. */
const appName = (engine: string) => `gdial ${engine}`;

/**
 * Polls `check` until it returns true; a throw counts as "not yet" (the database may be away).
 * Fails with `what` and the last error.
 */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      if (await check()) return;
      last = null;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/** Runs statements as the server's superuser, from outside the test's database (its sessions may end). */
async function asServerAdmin<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject('pgServerUrl')! });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Ends the sessions `which` selects from pg_stat_activity (a WHERE clause on its columns) in
 * database `database`, as PostgreSQL going away would. The sessions are chosen first and only then
 * terminated: in one WHERE the planner may call pg_terminate_backend before the other conditions,
 * on every session of the server.
 */
async function terminateSessions(database: string, which: string, values: unknown[] = []): Promise<Array<{ pid: number; applicationName: string }>> {
  const rows = await asServerAdmin<{ pid: number; application_name: string; ended: boolean }>(
    `WITH chosen AS MATERIALIZED (
       SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND (${which}))
     SELECT pid, application_name, pg_terminate_backend(pid) AS ended FROM chosen`,
    [database, ...values],
  );
  return rows.filter((r) => r.ended).map((r) => ({ pid: r.pid, applicationName: r.application_name }));
}

/** The session that holds the leadership's advisory lock in `database` (the leader's lock connection). */
async function leaderLockSession(database: string): Promise<{ pid: number; applicationName: string } | null> {
  const rows = await asServerAdmin<{ pid: number; application_name: string }>(
    `SELECT l.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND a.datname = $1 AND l.classid = $2 AND l.objid = $3 AND l.objsubid = 1`,
    [database, Math.floor(LEADER_LOCK / 2 ** 32), LEADER_LOCK % 2 ** 32],
  );
  return rows[0] ? { pid: rows[0].pid, applicationName: rows[0].application_name } : null;
}

const databaseName = (url: string) => new URL(url).pathname.slice(1);

/** Seconds since the test began at each named step, logged at the end (where a slow run spends its time). */
function stopwatch(test: string) {
  const began = Date.now();
  const laps: string[] = [];
  return {
    lap: (step: string) => laps.push(`${step} ${((Date.now() - began) / 1000).toFixed(1)}`),
    log: () => console.log(`${test} timings (s from start): ${laps.join(', ')}`),
  };
}

describe.each(postgres)('a cluster on $name survives faults mid-alert', (backend) => {
  /** Undone last first after each test: engines, then the test's store, the database, the simulator. */
  let cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const undo of cleanups.reverse()) await undo().catch(() => {});
    cleanups = [];
  });

  interface Rig {
    sim: Simulator;
    url: string;
    db: Store;
    groupId: number;
    numbers: string[];
    /** Every engine started, dead or alive, by name; and the webhook port each listens on. */
    engines: Map<string, ClusterEngine>;
    webhookPorts: Map<string, number>;
  }

  /**
   * A simulator answering every call with 1 pressed, a fresh database and a book of `recipients`.
   * `createAnswerMs`: how long the carrier takes to answer a create (the resource exists at once),
   * so that a fault finds creates on their way. `serverUrl`: the database on this PostgreSQL
   * server instead of the run's shared one.
   */
  async function rig(recipients: number, createAnswerMs = { min: 0, max: 0 }, serverUrl?: string): Promise<Rig> {
    const sim = await startSimulator(
      {
        ...FAST,
        latencyMs: { min: 5, max: 40 },
        createAnswerMs,
        ringMs: { min: 20, max: 200 },
        outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 },
        dtmf: { '1': 1 },
      },
      { port: 0 },
    );
    cleanups.push(() => sim.stop());
    const database = serverUrl
      ? await createTestPgDatabase(serverUrl).then((db) => ({ databaseUrl: db.url, drop: db.drop }))
      : await backend.database();
    cleanups.push(() => database.drop());
    const url = database.databaseUrl!;
    // The book and the admin are written by an engine that takes no part in the cluster, then stopped.
    const dataDir = tempDir('gdial-failover-book-');
    const setup = await startTestEngine({ dataDir, dispatch: false, databaseUrl: url });
    try {
      await setup.signedIn('admin');
      const op = await setup.signedIn('operator');
      const book = await bookWithGroup(setup, op, recipients);
      const db = await openClusterDatabase(url);
      cleanups.push(() => db.close());
      const rigged: Rig = { sim, url, db, ...book, engines: new Map(), webhookPorts: new Map() };
      cleanups.push(() => Promise.all([...rigged.engines.values()].map((e) => e.kill9())));
      return rigged;
    } finally {
      await setup.stop();
      removeDir(dataDir);
    }
  }

  /** One more engine on the rig's database and carrier, pacing at `callsPerSecond`. */
  async function startEngine(r: Rig, name: string, callsPerSecond: number): Promise<ClusterEngine> {
    const webhookPort = await freePort();
    const engine = await startClusterEngine(name, r.url, {
      GDIAL_SIMULATOR_URL: r.sim.url,
      GDIAL_WEBHOOK_PORT: String(webhookPort),
      GDIAL_CALLS_PER_SECOND: String(callsPerSecond),
      GDIAL_MAX_CONCURRENT_CALLS: '500',
      GDIAL_STATUS_POLL_SECONDS: '1',
      // A new leader waits this (plus 5 s) before taking "absent at the carrier" as "never created".
      GDIAL_CARRIER_TIMEOUT_SECONDS: '1',
      PGAPPNAME: appName(name),
    });
    r.engines.set(name, engine);
    r.webhookPorts.set(name, webhookPort);
    return engine;
  }

  /** Launches over one engine: one round, one attempt, so any second create is a duplicate. */
  async function launch(r: Rig, via: ClusterEngine, launchKey: string): Promise<void> {
    await adminCall(via.url, 'alerts.launch', {
      launchKey,
      draft: { ...draft(r.groupId, { policy: { cycles: 1, attemptsPerNumber: 1 } } as never), groupIds: [r.groupId], contactIds: [] },
    });
  }

  const created = (r: Rig) => r.numbers.filter((n) => r.sim.createsTo(n) > 0).length;

  async function openAttempts(r: Rig): Promise<number> {
    const row = await getOne<{ n: number }>(
      r.db,
      sql`SELECT COUNT(*) AS n FROM dispatch_attempts WHERE state NOT IN ('completed', 'busy', 'no_answer', 'failed', 'canceled')`,
      'count',
    );
    return Number(row.n);
  }

  /** Waits until every recipient was created and every attempt is final; then checks exactly once each. */
  async function expectCompletedOnce(r: Rig, launchKey: string, timeoutMs: number): Promise<void> {
    let open = -1;
    try {
      await until(
        'every recipient created and every attempt final',
        async () => created(r) === r.numbers.length && (open = await openAttempts(r)) === 0,
        timeoutMs,
        250,
      );
    } catch (error) {
      const logs = [...r.engines.values()]
        .filter((e) => e.stderr().trim())
        .map((e) => `--- ${e.name}:\n${e.stderr().slice(-3000)}`)
        .join('\n');
      throw new Error(`${(error as Error).message}: ${created(r)}/${r.numbers.length} created, ${open} attempts open\n${logs}`);
    }
    const twice = r.numbers.filter((n) => r.sim.createsTo(n) > 1);
    const missing = r.numbers.filter((n) => r.sim.createsTo(n) === 0);
    expect({ twice, missing }).toEqual({ twice: [], missing: [] });
    const attempts = await getOne<{ n: number }>(
      r.db,
      sql`SELECT COUNT(*) AS n FROM dispatch_attempts WHERE purpose = 'alert' AND alert_id = (SELECT id FROM alerts WHERE launch_key = ${launchKey})`,
      'count',
    );
    expect(Number(attempts.n)).toBe(r.numbers.length);
  }

  /** For the log: attempts a new leader found in flight, and those it found already at the carrier. */
  async function inDoubtSummary(r: Rig, launchKey: string): Promise<string> {
    const ofAlert = sql`d.alert_id = (SELECT id FROM alerts WHERE launch_key = ${launchKey})`;
    const interrupted = await getOne<{ n: number }>(
      r.db,
      sql`SELECT COUNT(*) AS n FROM dispatch_attempts d WHERE ${ofAlert} AND d.error_message = 'engine stopped while submitting'`,
      'count',
    );
    const adopted = await getOne<{ n: number }>(
      r.db,
      sql`SELECT COUNT(*) AS n FROM carrier_events e JOIN dispatch_attempts d ON d.id = e.attempt_id WHERE ${ofAlert} AND e.payload LIKE '%resolvedFromDoubt%'`,
      'count',
    );
    return `${Number(interrupted.n)} attempts found in flight by a new leader, ${Number(adopted.n)} of them found at the carrier`;
  }

  /** Which engine created each call: the port its TwiML and status callbacks were fetched from. */
  function creatorOf(r: Rig): Map<string, string> {
    const byPort = new Map([...r.webhookPorts].map(([name, port]) => [String(port), name]));
    const creator = new Map<string, string>();
    const records = r.sim.records();
    for (const rec of [...records.twiml, ...records.callbacks]) {
      if (!rec.url || creator.has(rec.sid)) continue;
      const name = byPort.get(new URL(rec.url).port);
      if (name) creator.set(rec.sid, name);
    }
    return creator;
  }

  /** Every engine's own view of the cluster, once all of them answer and exactly one says it leads. */
  async function oneLeaderAgreed(r: Rig, alive: ClusterEngine[], timeoutMs: number): Promise<ClusterStatus[]> {
    let statuses: ClusterStatus[] = [];
    const seen = () => statuses.map((s) => `${s.self.name}: ${s.self.role} (epoch ${s.epoch}, sees ${s.leader?.name ?? 'no'} leading)`).join('; ');
    await until(
      'exactly one engine leads and every engine agrees',
      async () => {
        statuses = await Promise.all(alive.map((e) => adminCall<ClusterStatus>(e.url, 'system.cluster')));
        const leading = statuses.filter((s) => s.self.role === 'leader');
        const recorded = await leaderOf(r.db);
        return (
          leading.length === 1 &&
          recorded?.name === leading[0]!.self.name &&
          statuses.every((s) => s.leader?.name === recorded.name && s.epoch === (s.self.role === 'leader' ? recorded.epoch : null))
        );
      },
      timeoutMs,
      250,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${seen()}`);
    });
    return statuses;
  }

  it('the leader is killed (kill -9) mid-alert, 10 rounds: every recipient created exactly once, none missing, nothing left unfinished', async () => {
    const RECIPIENTS = 500;
    const ROUNDS = 10;
    // Slower than crash.test.ts's 100/s: here a standby takes over in about a second (no engine
    // restart in between), so at 100/s the alert would be over before the third kill.
    const CALLS_PER_SECOND = 20;
    const watch = stopwatch('failover kill -9');
    const r = await rig(RECIPIENTS);
    watch.lap('book');
    let serial = 0;
    const another = () => startEngine(r, `ws-${++serial}`, CALLS_PER_SECOND);
    const alive = await Promise.all([another(), another(), another()]);
    const first = await waitForLeader(r.db);
    watch.lap('engines up');
    // Launched over a standby: the work reaches the leader by NOTIFY.
    await launch(r, alive.find((e) => e.name !== first.name)!, 'failover-kill');
    await until('the first create', () => created(r) > 0, 60_000, 20);
    watch.lap('first create');

    const createdAtKill: number[] = [];
    const takeoverMs: number[] = [];
    /** Per round: when the leader was killed, and which engine led next. */
    const handovers: Array<{ killedAt: number; to: string }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      await sleep(100 + Math.floor(Math.random() * 400));
      const leader = (await leaderOf(r.db))!;
      const victim = alive.find((e) => e.name === leader.name);
      expect(victim, `round ${round}: the recorded leader ${leader.name} is one of the live engines`).toBeDefined();
      await victim!.kill9();
      const killedAt = Date.now();
      createdAtKill.push(created(r));
      alive.splice(alive.indexOf(victim!), 1);
      // A replacement keeps three alive while a standby takes over.
      const [replacement] = await Promise.all([
        another(),
        waitForLeader(r.db, { not: leader.name, after: leader.epoch, timeoutMs: 30_000 }).then((next) => {
          takeoverMs.push(Date.now() - killedAt);
          handovers.push({ killedAt, to: next.name });
        }),
      ]);
      alive.push(replacement);
    }
    watch.lap('rounds done');
    console.log(`failover kill -9: created at each kill ${createdAtKill.join(', ')}; takeover ms ${takeoverMs.join(', ')}`);
    // The kills must really have hit the dispatch mid-way, or this test proves nothing.
    expect(createdAtKill.filter((n) => n > 0 && n < RECIPIENTS).length).toBeGreaterThanOrEqual(3);

    await expectCompletedOnce(r, 'failover-kill', 120_000);
    expect((await leaderOf(r.db))!.epoch).toBe(first.epoch + ROUNDS);
    watch.lap('completed');
    watch.log();
    console.log(`failover kill -9: ${await inDoubtSummary(r, 'failover-kill')}`);
    // For the log (the bench measures it): from each kill to the new leader's first create.
    const creator = creatorOf(r);
    const creates = r.sim.records().creates.filter((c) => c.sid);
    const firstCreateMs = handovers.map(({ killedAt, to }) => {
      const first = creates.find((c) => c.at > killedAt && creator.get(c.sid!) === to);
      return first ? first.at - killedAt : null;
    });
    console.log(`failover kill -9: ms from kill to the new leader's first create ${firstCreateMs.join(', ')}`);
  }, 420_000);

  it('the leader loses the database while it runs on: it stops dispatching, a standby takes over, no double create, it rejoins as a standby', async () => {
    const RECIPIENTS = 200;
    const watch = stopwatch('failover lost database');
    // Creates answered slowly: when the leader loses its database, some are on their way.
    const r = await rig(RECIPIENTS, { min: 200, max: 400 });
    watch.lap('book');
    const engines = await Promise.all(['ws-a', 'ws-b', 'ws-c'].map((name) => startEngine(r, name, 20)));
    const before = await waitForLeader(r.db);
    watch.lap('engines up');
    const old = r.engines.get(before.name)!;
    await launch(r, engines.find((e) => e !== old)!, 'failover-lost-db');
    await until('calls going out', () => created(r) >= 40, 60_000, 20);

    // Every session of the leader ends: its lock connection, its pool, its LISTEN.
    const lock = await leaderLockSession(databaseName(r.url));
    // The lock's holder is the recorded leader's lock connection.
    expect(lock?.applicationName).toBe(`gdial-leader-lock ${old.name}`);
    const ended = await terminateSessions(databaseName(r.url), 'application_name = $2 OR pid = $3', [appName(old.name), lock!.pid]);
    const cutAt = Date.now();
    expect(ended.map((s) => s.pid)).toContain(lock!.pid);
    expect(ended.filter((s) => s.applicationName === appName(old.name)).length).toBeGreaterThan(0);
    const createdAtCut = created(r);
    watch.lap('cut');

    const after = await waitForLeader(r.db, { not: old.name, after: before.epoch, timeoutMs: 15_000 });
    console.log(`failover lost database: ${old.name} cut with ${createdAtCut} created; ${after.name} led after ${Date.now() - cutAt} ms`);
    // The old leader knows it no longer leads, and keeps running.
    await until(`${old.name} says it stands by`, async () => (await adminCall<ClusterStatus>(old.url, 'system.cluster')).self.role === 'standby', 15_000, 250);
    expect(createdAtCut).toBeLessThan(RECIPIENTS);

    watch.lap('took over');
    await expectCompletedOnce(r, 'failover-lost-db', 120_000);
    watch.lap('completed');
    // It stopped dispatching at once: no create of its own arrived after the cut, beyond requests
    // already on their way (claimed before the cut; 5 s leaves room for a loaded machine's stalls,
    // while a leader that went on dispatching would create calls all through the minute after);
    // the new leader sent the rest.
    const creator = creatorOf(r);
    const creates = r.sim.records().creates.filter((c) => c.sid);
    expect(creates.filter((c) => !creator.has(c.sid!)), 'every call is traced to the engine that created it').toEqual([]);
    const lateByOld = creates.filter((c) => creator.get(c.sid!) === old.name && c.at > cutAt + 5_000);
    expect(lateByOld.map((c) => c.to)).toEqual([]);
    expect(creates.filter((c) => creator.get(c.sid!) === after.name && c.at > cutAt).length).toBeGreaterThan(0);

    // It rejoined as a standby: alive, writable, listed by every engine, one leader.
    expect(old.child.exitCode).toBeNull();
    const statuses = await oneLeaderAgreed(r, engines, 15_000);
    expect(statuses.find((s) => s.self.name === old.name)!.self.role).toBe('standby');
    const viewOfLeader = statuses.find((s) => s.self.name === after.name)!;
    await until(
      `the leader lists ${old.name} as a standby`,
      async () =>
        (await adminCall<ClusterStatus>(r.engines.get(after.name)!.url, 'system.cluster')).nodes.some((n) => n.name === old.name && n.role === 'standby'),
      15_000,
      250,
    );
    expect(viewOfLeader.self.role).toBe('leader');
    expect((await fetch(`${old.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${old.url}/healthz`)).json()).toMatchObject({ ok: true, workstation: old.name, role: 'standby' });
    watch.lap('rejoined');
    watch.log();
    console.log(`failover lost database: ${await inDoubtSummary(r, 'failover-lost-db')}`);
  }, 300_000);

  it('PostgreSQL restarts mid-alert (the server stopped, refusing connections, and started again, twice): every engine waits and recovers, one leads, no duplicate', async () => {
    const RECIPIENTS = 200;
    /** The server stays down at least this long, and until every engine has said it waits. */
    const MIN_DOWN_MS = 2_000;
    const watch = stopwatch('failover restart');
    // A server of this test's own to stop and start: the run's shared one serves other test files.
    const server = await startPgServer();
    cleanups.push(() => server.stop());
    watch.lap('server');
    // Creates answered slowly: when the server stops, some are on their way.
    const r = await rig(RECIPIENTS, { min: 200, max: 400 }, server.url);
    watch.lap('book');
    const engines = await Promise.all(['ws-x', 'ws-y', 'ws-z'].map((name) => startEngine(r, name, 20)));
    let epoch = (await waitForLeader(r.db)).epoch;
    watch.lap('engines up');
    // A console on each engine, to see it say "väntar på databasen" and then recover.
    const consoles: WsTestClient[] = [];
    for (const e of engines) {
      const c = await wsClient(e.url);
      cleanups.push(async () => c.ws.close());
      const login = await c.call('auth.login', { username: ADMIN.GDIAL_ADMIN_USER, password: ADMIN.GDIAL_ADMIN_PASSWORD });
      expect(login.ok).toBe(true);
      consoles.push(c);
    }
    /** What a console was told of the database, in order, from its `from`th event on. */
    const databaseDown = (c: WsTestClient, from = 0) =>
      c.events
        .slice(from)
        .filter((e) => e.name === 'carrier.status')
        .map((e) => (e.payload as { databaseDown: boolean }).databaseDown);
    /** Whether a new connection to the server is refused (the server is not running). */
    const refused = async () => {
      const client = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 5_000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.end();
        return false;
      } catch (error) {
        return (error as { code?: string }).code === 'ECONNREFUSED';
      }
    };

    await launch(r, engines[0]!, 'failover-restart');
    const createdAtRestart: number[] = [];
    const downMs: number[] = [];
    for (const [round, progress] of [30, 30].entries()) {
      const mark = created(r);
      await until('calls going out', () => created(r) >= mark + progress, 60_000, 20);
      createdAtRestart.push(created(r));
      const seen = consoles.map((c) => c.events.length);

      await server.pause();
      const stoppedAt = Date.now();
      expect(await refused(), `restart ${round + 1}: the stopped server refuses connections`).toBe(true);
      await until(
        `restart ${round + 1}: every engine says it waits for the database`,
        () => consoles.every((c, i) => databaseDown(c, seen[i]).includes(true)),
        30_000,
      );
      await sleep(Math.max(0, MIN_DOWN_MS - (Date.now() - stoppedAt)));
      expect(await refused(), `restart ${round + 1}: still down`).toBe(true);
      await server.resume();
      downMs.push(Date.now() - stoppedAt);
      watch.lap(`restarted ${round + 1}`);

      // The lock went with the server: someone leads again, under a new epoch.
      let again = null as Awaited<ReturnType<typeof leaderOf>>;
      await until(`restart ${round + 1}: a leader after epoch ${epoch}`, async () => ((again = await leaderOf(r.db))?.epoch ?? 0) > epoch, 30_000, 100);
      epoch = again!.epoch;
      watch.lap(`led again (${again!.name})`);
      for (const [i, c] of consoles.entries()) {
        await until(`restart ${round + 1}: ${engines[i]!.name} says the database answers`, () => databaseDown(c, seen[i]).at(-1) === false, 30_000);
      }
      watch.lap(`all clear ${round + 1}`);
    }
    console.log(`failover restart: created at each restart ${createdAtRestart.join(', ')}; server down ms ${downMs.join(', ')}`);
    expect(createdAtRestart.every((n) => n < RECIPIENTS)).toBe(true);

    await expectCompletedOnce(r, 'failover-restart', 120_000);
    watch.lap('completed');
    // Every engine paused while the server was away, and says the database answers again.
    for (const [i, c] of consoles.entries()) {
      expect(databaseDown(c), `${engines[i]!.name} said it waits for the database`).toContain(true);
      expect(databaseDown(c).at(-1), `${engines[i]!.name} says the database answers`).toBe(false);
    }
    const statuses = await oneLeaderAgreed(r, engines, 15_000);
    expect(statuses.filter((s) => s.self.role === 'standby')).toHaveLength(2);
    for (const e of engines) expect((await fetch(`${e.url}/readyz`)).status).toBe(200);
    watch.lap('agreed');
    watch.log();
    console.log(`failover restart: ${await inDoubtSummary(r, 'failover-restart')}`);
  }, 360_000);
});
