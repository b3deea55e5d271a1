/**
 * The figures of several workstations on one PostgreSQL (issue 14):
 * - `failover_s`: from kill -9 of the leading engine to the first carrier request made by the
 *   engine that takes over, median of five rounds during one long alert (goal ≤ 5 s), with each
 *   round's value (`failover_s_1` …) and `failover_takeover_s`, the median time from the kill to
 *   the new leader's epoch being recorded (the rest is its start and the pacing it inherits).
 * - `clusterDispatchRate` (reported by postgres.bench.ts beside `dispatch_per_s_pg`, measured in
 *   the same run): the same 3,000 texts with two more engines standing by and taking the
 *   carrier's callbacks through a round-robin proxy.
 */
import { sql } from 'drizzle-orm';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startSimulator, type Simulator } from '../main/carriers/simulator';
import type { Store } from '../main/db/store';
import { bookWithGroup, draft, FAST, waitForAlert } from '../main/test-support/alert-fixture';
import { adminCall, CLUSTER_AUDIT_KEY, leaderOf, openClusterDatabase, startClusterEngine, waitForLeader, type ClusterEngine } from '../main/test-support/cluster-fixture';
import { startTestEngine } from '../main/test-support/engine-fixture';
import { createTestPgDatabase, startPgServer } from '../main/test-support/pg-server';
import { REPO } from '../main/test-support/run-node';
import { externalSimulator, NO_PACING } from './dispatch.bench';
import { round, timed, type Bench } from './harness';
import { freePort } from '../main/test-support/free-port';

const ROUNDS = 5;
/** Enough people that the alert is still going out after the fifth kill (10 calls a second). */
const FAILOVER_RECIPIENTS = 2000;
const FAILOVER_CALLS_PER_SECOND = '10';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`bench: ${what} within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** bench/balancer.ts in its own process, in front of these webhook ports. */
async function startBalancer(ports: number[]): Promise<{ url: string; counts(): Promise<Record<string, number>>; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'bench', 'balancer.ts'), ...ports.map(String)], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /balancer: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`balancer exited ${code}`)));
  });
  return {
    url,
    counts: async () => (await (await fetch(`${url}/__balancer/counts`)).json()) as Record<string, number>,
    stop: () => void child.kill('SIGTERM'),
  };
}

/**
 * 3,000 texts as `dispatchRate` sends them (no pacing, the simulator in its own process answering
 * at once), the leader being the same in-process engine, but with two more engines on the
 * database standing by, and the public URL a round-robin proxy over all three webhook ports, so
 * the standbys take two thirds of the callbacks and write their outcomes into the shared ledger.
 */
export async function clusterDispatchRate(databaseUrl: string): Promise<{ dispatch_per_s: number; standby_callback_share: number }> {
  const N = 3000;
  const sim = await externalSimulator();
  const ports = [await freePort(), await freePort(), await freePort()];
  const balancer = await startBalancer(ports);
  const env = { ...NO_PACING, GDIAL_SIMULATOR_URL: sim.url, GDIAL_PUBLIC_URL: balancer.url };
  const t = await startTestEngine({ databaseUrl, webhookPort: ports[0], env: { ...env, ...CLUSTER_AUDIT_KEY, GDIAL_WORKSTATION_NAME: 'bench-a' } });
  const standbys: ClusterEngine[] = [];
  const db = await openClusterDatabase(databaseUrl);
  try {
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, N);
    standbys.push(
      ...(await Promise.all(['bench-b', 'bench-c'].map((name, i) => startClusterEngine(name, databaseUrl, { ...env, GDIAL_LOG_LEVEL: 'error', GDIAL_WEBHOOK_PORT: String(ports[i + 1]) })))),
    );
    const leader = await leaderOf(db);
    if (leader?.name !== 'bench-a') throw new Error(`bench: the in-process engine should lead, not ${JSON.stringify(leader)}`);
    await sleep(1000); // the standbys' start (compiling, migrations checked) is over
    const before = await balancer.counts();
    const ours = await timed(async () => {
      const alert = await t.call(op, 'alerts.launch', { launchKey: 'bench-dispatch-cluster', draft: draft(groupId, { channels: ['sms'] }) });
      // Longer than dispatchRate's limit: three engines share the machine's cores, and the figure is wanted even when low.
      await waitForAlert(t, op, alert.id, (a) => a.counters.queued === 0 && a.counters.dialling === 0, 400_000);
    });
    const after = await balancer.counts();
    const took = ports.map((p) => (after[p] ?? 0) - (before[p] ?? 0));
    const total = took.reduce((a, b) => a + b, 0);
    if (took[1]! === 0 || took[2]! === 0) throw new Error(`bench: the standbys took no callbacks (${took.join(', ')})`);
    return { dispatch_per_s: round(N / ours.seconds, 0), standby_callback_share: round((took[1]! + took[2]!) / Math.max(1, total), 2) };
  } finally {
    await Promise.all(standbys.map((s) => s.kill9()));
    await t.stop();
    await db.close();
    balancer.stop();
    sim.stop();
  }
}

/** When the leadership recorded now began (the new leader's clock, as the ledger's times are). */
async function leadingSince(db: Store): Promise<number> {
  const row = await db.get<{ since: number }>(sql`SELECT since AS "since" FROM cluster_leadership WHERE id = 1`);
  return Number(row!.since);
}

/**
 * The first create at the simulator made by the leader that took over: received after the kill,
 * to a number whose attempt was claimed under the new leadership. Creates the dead leader had
 * already sent may reach the simulator a moment after the kill; their attempts were claimed before it.
 */
async function firstCreateAfter(db: Store, sim: Simulator, killedAt: number, since: number): Promise<number | undefined> {
  const received = sim
    .records()
    .creates.filter((c) => c.at > killedAt)
    .sort((a, b) => a.at - b.at);
  if (received.length === 0) return undefined;
  const claimed = await db.all<{ e164: string }>(sql`SELECT e164 AS "e164" FROM dispatch_attempts WHERE submitting_at >= ${since}`);
  const byNewLeader = new Set(claimed.map((r) => r.e164));
  return received.find((c) => byNewLeader.has(c.to))?.at;
}

async function failover(serverUrl: string) {
  const database = await createTestPgDatabase(serverUrl);
  const sim = await startSimulator({ ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } }, { port: 0 });
  const engines = new Map<string, ClusterEngine>();
  let db: Store | null = null;
  try {
    // The book and the admin are written by an engine that takes no part in the cluster.
    const setup = await startTestEngine({ databaseUrl: database.url, dispatch: false, env: { ...CLUSTER_AUDIT_KEY } });
    await setup.signedIn('admin');
    const op = await setup.signedIn('operator');
    const { groupId, numbers } = await bookWithGroup(setup, op, FAILOVER_RECIPIENTS);
    await setup.stop();
    db = await openClusterDatabase(database.url);

    const env = { GDIAL_SIMULATOR_URL: sim.url, GDIAL_CALLS_PER_SECOND: FAILOVER_CALLS_PER_SECOND, GDIAL_MAX_CONCURRENT_CALLS: '1000', GDIAL_LOG_LEVEL: 'error' };
    let started = 0;
    const startOne = async () => {
      const name = `ws-${++started}`;
      engines.set(name, await startClusterEngine(name, database.url, env));
    };
    await startOne();
    await startOne();
    const first = await waitForLeader(db);
    await adminCall(engines.get(first.name)!.url, 'alerts.launch', {
      launchKey: 'bench-failover',
      // One round, one attempt: a second create to a number would be a double dial.
      draft: draft(groupId, { policy: { cycles: 1, attemptsPerNumber: 1 } } as never),
    });

    const values: number[] = [];
    const takeovers: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Calls are going out (steadily, at the paced rate) before the leader dies.
      await until('calls going out', () => (sim.records().creates.filter((c) => c.at > Date.now() - 1000).length >= 5 ? true : undefined));
      await sleep(300 + Math.floor(Math.random() * 700));
      const leader = (await leaderOf(db))!;
      const victim = engines.get(leader.name)!;
      const killedAt = Date.now();
      await victim.kill9();
      engines.delete(leader.name);
      await waitForLeader(db, { not: leader.name, after: leader.epoch, timeoutMs: 30_000 });
      const since = await leadingSince(db);
      const at = await until('a create by the new leader', () => firstCreateAfter(db!, sim, killedAt, since));
      values.push((at - killedAt) / 1000);
      takeovers.push((since - killedAt) / 1000);
      if (values.length < ROUNDS && sim.records().creates.length >= FAILOVER_RECIPIENTS - 50) throw new Error('bench: the alert ended before the last round');
      await startOne(); // two engines again: the next kill has a standby to take over
    }
    const twice = numbers.filter((n) => sim.createsTo(n) > 1);
    if (twice.length > 0) throw new Error(`bench: ${twice.length} numbers were called twice across the takeovers`);
    process.stderr.write(`failover: ${values.map((v) => v.toFixed(3)).join(', ')} s (epoch taken after ${takeovers.map((v) => v.toFixed(3)).join(', ')} s)\n`);
    return {
      failover_s: round(median(values), 3),
      ...Object.fromEntries(values.map((v, i) => [`failover_s_${i + 1}`, round(v, 3)])),
      failover_takeover_s: round(median(takeovers), 3),
    };
  } finally {
    await Promise.all([...engines.values()].map((e) => e.kill9()));
    await db?.close();
    await sim.stop();
    await database.drop();
  }
}

export const failoverBench: Bench = {
  name: 'failover',
  run: async () => {
    const server = await startPgServer();
    try {
      return await failover(server.url);
    } finally {
      await server.stop();
    }
  },
};
