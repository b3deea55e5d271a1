// Crash safety: the engine is killed with SIGKILL at random moments during a 500-recipient
// alert and started again, ten times. The carrier (the simulator, in this process, outliving
// every engine) must have received exactly one create per recipient: none twice, none missing.
// Then again with the carrier's account queue holding creates beyond its rate, as Twilio's does:
// records waiting there have no start_time, and an engine that restarts must still find them.
// Both on SQLite (the data directory's gdial.db) and on PostgreSQL (GDIAL_DATABASE_URL).
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findResourcesDir } from '../config/paths';
import { openPostgres } from '../db/open-postgres';
import { SqliteStore } from '../db/sqlite-store';
import { getOne, type Store } from '../db/store';
import WebSocket from 'ws';
import { startSimulator, type Simulator } from '../carriers/simulator';
import { sdkFor } from '../carriers/simulator/testing/sdk';
import { WS_PATH, type ServerFrame } from '../contract';
import { bookWithGroup, draft, FAST } from '../test-support/alert-fixture';
import { engineBackends, type EngineBackend } from '../test-support/backends';
import { PASSWORD, removeDir, startTestEngine, tempDir } from '../test-support/engine-fixture';
import { REPO } from '../test-support/run-node';
import { freePort } from '../test-support/free-port';

const RECIPIENTS = 500;
const ROUNDS = 10;
const QUEUE_ROUNDS = 6;
const QUEUE_RECIPIENTS = 40;
/**
 * The queue round: the engine paces at four times the account's rate, so creates pile up in the
 * carrier's queue and wait there longer than an engine takes to restart; each create is answered
 * only after a few hundred ms, as Twilio's are, so a kill finds creates made but not yet answered.
 */
const QUEUE_ENGINE_CALLS_PER_SECOND = 8;
const ACCOUNT_CALLS_PER_SECOND = 2;
/** Calls of another application already waiting in the account queue: about 30 s of backlog. */
const BACKLOG = 60;

describe.each(engineBackends())('crash safety on $name', (backend) => {
  let sim: Simulator;
  let dataDir: string;
  let webhookPort: number;
  let numbers: string[];
  let groupId: number;
  /** The queue round's recipients: the first of the book, by contact id, with their numbers. */
  let queueContacts: Array<{ id: number; e164: string }>;
  /** The database every engine of this run uses: PostgreSQL's URL, or none (the data directory's file). */
  let database: Awaited<ReturnType<EngineBackend['database']>>;

  /** The ledger as the engines left it, read through a store on either backend. */
  async function openLedger(): Promise<Store> {
    if (database.databaseUrl) return openPostgres({ url: database.databaseUrl, migrationsFolder: path.join(findResourcesDir(), 'migrations-pg'), max: 1 });
    const file = path.join(dataDir, 'gdial.db');
    return new SqliteStore(new Database(file, { readonly: true }), { dialect: 'sqlite', location: file, schemaVersion: 0 });
  }

  async function count(query: ReturnType<typeof sql>): Promise<number> {
    const ledger = await openLedger();
    try {
      return Number((await getOne<{ n: number }>(ledger, query, 'count')).n);
    } finally {
      await ledger.close();
    }
  }

  /** One engine process; resolves with its URL once it listens. */
  function startChild(env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'main/entry/serve.ts'), '--port', '0', '--data-dir', dataDir], {
      cwd: REPO,
      env: {
        ...process.env,
        GDIAL_LOG_LEVEL: 'error',
        GDIAL_SIMULATOR_URL: sim.url,
        GDIAL_WEBHOOK_PORT: String(webhookPort),
        GDIAL_CALLS_PER_SECOND: '100',
        GDIAL_MAX_CONCURRENT_CALLS: '500',
        GDIAL_STATUS_POLL_SECONDS: '1',
        ...(database.databaseUrl ? { GDIAL_DATABASE_URL: database.databaseUrl } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /GDial: (\S+)/.exec(out);
        if (m) resolve({ child, url: m[1]! });
      });
      child.once('exit', (code) => reject(new Error(`engine exited ${code}: ${err}`)));
    });
  }

  function kill9(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async function launchOver(url: string, launchKey: string, recipients: { groupIds: number[]; contactIds: number[] }): Promise<void> {
    const ws = new WebSocket(url.replace('http', 'ws') + WS_PATH);
    await new Promise((r) => ws.once('open', r));
    let id = 0;
    const call = (method: string, input: unknown) =>
      new Promise<void>((resolve, reject) => {
        const mine = ++id;
        ws.on('message', (d) => {
          const f = JSON.parse(String(d)) as ServerFrame;
          if (f.t !== 'result' || f.id !== mine) return;
          if (f.result.ok) resolve();
          else reject(new Error(f.result.error.message));
        });
        ws.send(JSON.stringify({ t: 'call', id: mine, method, input }));
      });
    await call('auth.login', { username: 'admin', password: PASSWORD });
    // One round, one attempt: any second create would be a duplicate, not escalation.
    await call('alerts.launch', { launchKey, draft: { ...draft(groupId, { policy: { cycles: 1, attemptsPerNumber: 1 } } as never), ...recipients } });
    ws.close();
  }

  beforeAll(async () => {
    sim = await startSimulator({ ...FAST, latencyMs: { min: 5, max: 40 }, ringMs: { min: 20, max: 200 }, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } }, { port: 0 });
    dataDir = tempDir('gdial-crash-');
    database = await backend.database();
    webhookPort = await freePort();
    // The book and the admin are written by an engine that dispatches nothing, then stopped.
    const setup = await startTestEngine({ dataDir, dispatch: false, databaseUrl: database.databaseUrl });
    await setup.signedIn('admin');
    const op = await setup.signedIn('operator');
    ({ groupId, numbers } = await bookWithGroup(setup, op, RECIPIENTS));
    await setup.stop();
    const book = await openLedger();
    queueContacts = await book.all<{ id: number; e164: string }>(sql`
      SELECT contact_id AS "id", e164 FROM phone_numbers ORDER BY contact_id LIMIT ${QUEUE_RECIPIENTS}`);
    await book.close();
  }, 120_000);

  afterAll(async () => {
    await sim?.stop();
    await database?.drop();
    removeDir(dataDir);
  });

  const openAttempts = () => count(sql`SELECT COUNT(*) AS n FROM dispatch_attempts WHERE state NOT IN ('completed', 'busy', 'no_answer', 'failed', 'canceled')`);

  /**
   * Launches an alert, kills the engine `rounds` times while it dispatches, lets the last engine
   * finish, and checks that the carrier got exactly one create per recipient.
   */
  async function crashRounds(
    launchKey: string,
    rounds: number,
    opts: {
      numbers: string[];
      recipients: { groupIds: number[]; contactIds: number[] };
      env?: Record<string, string>;
      /** Once the alert's calls are going out, before the first kill. */
      beforeKills?: () => Promise<void>;
      atKill?: (killedAt: number) => void;
    },
  ) {
    const { numbers, env } = opts;
    const recipients = numbers.length;
    let engine = await startChild(env);
    await launchOver(engine.url, launchKey, opts.recipients);
    // The first engine synthesises the alert's audio (cached on disk for the next ones); the
    // kills start once calls are going out.
    while (!numbers.some((n) => sim.createsTo(n) > 0)) await new Promise((r) => setTimeout(r, 20));
    await opts.beforeKills?.();
    const createdAtKill: number[] = [];
    for (let round = 0; round < rounds; round++) {
      await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 400)));
      await kill9(engine.child);
      opts.atKill?.(Date.now());
      createdAtKill.push(numbers.filter((n) => sim.createsTo(n) > 0).length);
      engine = await startChild(env);
    }
    // The kills must really have hit the dispatch mid-way, or this test proves nothing.
    expect(createdAtKill.filter((n) => n > 0 && n < recipients).length).toBeGreaterThanOrEqual(3);
    // Let the last engine finish the work: every attempt final, lost callbacks asked about.
    const until = Date.now() + 60_000;
    while ((numbers.some((n) => sim.createsTo(n) === 0) || (await openAttempts()) > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    await kill9(engine.child);
    expect(await openAttempts()).toBe(0);

    const counts = numbers.map((n) => sim.createsTo(n));
    const twice = numbers.filter((_, i) => counts[i]! > 1);
    const missing = numbers.filter((_, i) => counts[i] === 0);
    expect({ twice, missing }).toEqual({ twice: [], missing: [] });
    const ofAlert = sql`alert_id = (SELECT id FROM alerts WHERE launch_key = ${launchKey})`;
    const resolved = await count(sql`SELECT COUNT(*) AS n FROM dispatch_attempts WHERE ${ofAlert} AND error_message = 'engine stopped while submitting'`);
    const attempts = await count(sql`SELECT COUNT(*) AS n FROM dispatch_attempts WHERE ${ofAlert} AND purpose = 'alert'`);
    console.log(`crash test ${launchKey} on ${backend.name}: creates at each kill ${createdAtKill.join(', ')}; ${resolved} attempts resolved from in_doubt`);
    expect(attempts).toBe(recipients);
  }

  describe('kill -9', () => {
    it(`survives ${ROUNDS} kill -9s during a ${RECIPIENTS}-recipient alert: every recipient created exactly once`, async () => {
      await crashRounds('crash-test-launch', ROUNDS, { numbers, recipients: { groupIds: [groupId], contactIds: [] } });
    }, 180_000);

    it(`survives ${QUEUE_ROUNDS} kill -9s while the carrier's account queue holds creates: every recipient still created exactly once`, async () => {
      sim.reset();
      sim.configure({ limits: { callsPerSecond: ACCOUNT_CALLS_PER_SECOND }, queue: { enabled: true }, createAnswerMs: { min: 200, max: 400 } });

      // Calls waiting in the queue (created, not yet dialled: no start_time) at each kill.
      const heldAtKill: number[] = [];
      await crashRounds('crash-test-queue', QUEUE_ROUNDS, {
        numbers: queueContacts.map((c) => c.e164),
        recipients: { groupIds: [], contactIds: queueContacts.map((c) => c.id) },
        env: { GDIAL_CALLS_PER_SECOND: String(QUEUE_ENGINE_CALLS_PER_SECOND) },
        // The account gets busy: the alert's next calls wait behind a backlog longer than an engine restart.
        beforeKills: async () => {
          const other = sdkFor(sim);
          await Promise.all(
            Array.from({ length: BACKLOG }, (_, i) => other.calls.create({ to: `+46709${String(i).padStart(6, '0')}`, from: '+46101234567', twiml: '<Response/>' })),
          );
        },
        atKill: (killedAt) => heldAtKill.push(sim.records().creates.filter((c) => c.sid && c.at <= killedAt && c.at + (c.queuedMs ?? 0) > killedAt).length),
      });
      console.log(`crash test with queue: calls held in the account queue at each kill ${heldAtKill.join(', ')}`);
      // The kills must have found records in the queue, or this round proves nothing new.
      expect(heldAtKill.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
      // And a restarted engine must have found at least one of its in-doubt creates still waiting
      // there (status queued, no start_time): the case a StartTime filter misses.
      const foundQueued = await count(sql`
        SELECT COUNT(*) AS n FROM carrier_events e JOIN dispatch_attempts d ON d.id = e.attempt_id JOIN alerts a ON a.id = d.alert_id
        WHERE a.launch_key = 'crash-test-queue' AND e.status = 'queued' AND e.payload LIKE '%resolvedFromDoubt%'`);
      console.log(`crash test with queue: ${foundQueued} in-doubt attempts found while still in the account queue`);
      expect(foundQueued).toBeGreaterThanOrEqual(1);
      expect(sim.records().creates.every((c) => c.httpStatus !== 429)).toBe(true);
    }, 180_000);
  });
});
