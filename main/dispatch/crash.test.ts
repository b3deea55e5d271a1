// Crash safety: the engine is killed with SIGKILL at random moments during a 500-recipient
// alert and started again, ten times. The carrier (the simulator, in this process, outliving
// every engine) must have received exactly one create per recipient: none twice, none missing.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulator, type Simulator } from '../carriers/simulator';
import { WS_PATH, type ServerFrame } from '../contract';
import { bookWithGroup, draft, FAST } from '../test-support/alert-fixture';
import { PASSWORD, removeDir, startTestEngine, tempDir } from '../test-support/engine-fixture';
import { REPO } from '../test-support/run-node';

const RECIPIENTS = 500;
const ROUNDS = 10;

let sim: Simulator;
let dataDir: string;
let webhookPort: number;
let numbers: string[];
let groupId: number;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** One engine process; resolves with its URL once it listens. */
function startChild(): Promise<{ child: ChildProcess; url: string }> {
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

async function launchOver(url: string): Promise<void> {
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
  await call('alerts.launch', { launchKey: 'crash-test-launch', draft: draft(groupId, { policy: { cycles: 1, attemptsPerNumber: 1 } } as never) });
  ws.close();
}

beforeAll(async () => {
  sim = await startSimulator({ ...FAST, latencyMs: { min: 5, max: 40 }, ringMs: { min: 20, max: 200 }, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } }, { port: 0 });
  dataDir = tempDir('gdial-crash-');
  webhookPort = await freePort();
  // The book and the admin are written by an engine that dispatches nothing, then stopped.
  const setup = await startTestEngine({ dataDir, dispatch: false });
  await setup.signedIn('admin');
  const op = await setup.signedIn('operator');
  ({ groupId, numbers } = await bookWithGroup(setup, op, RECIPIENTS));
  await setup.stop();
});

afterAll(async () => {
  await sim?.stop();
  removeDir(dataDir);
});

describe('crash safety', () => {
  it(`survives ${ROUNDS} kill -9s during a ${RECIPIENTS}-recipient alert: every recipient created exactly once`, async () => {
    let engine = await startChild();
    await launchOver(engine.url);
    // The first engine synthesises the alert's audio (cached on disk for the next ones); the
    // kills start once calls are going out.
    while (!numbers.some((n) => sim.createsTo(n) > 0)) await new Promise((r) => setTimeout(r, 20));
    const createdAtKill: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 400)));
      await kill9(engine.child);
      createdAtKill.push(numbers.filter((n) => sim.createsTo(n) > 0).length);
      engine = await startChild();
    }
    // The kills must really have hit the dispatch mid-way, or this test proves nothing.
    expect(createdAtKill.filter((n) => n > 0 && n < RECIPIENTS).length).toBeGreaterThanOrEqual(3);
    // Let the last engine finish the work: every attempt final, lost callbacks asked about.
    const openAttempts = () => {
      const db = new Database(path.join(dataDir, 'gdial.db'), { readonly: true });
      const n = (db.prepare("SELECT COUNT(*) AS n FROM dispatch_attempts WHERE state NOT IN ('completed', 'busy', 'no_answer', 'failed', 'canceled')").get() as { n: number }).n;
      db.close();
      return n;
    };
    const until = Date.now() + 60_000;
    while ((numbers.some((n) => sim.createsTo(n) === 0) || openAttempts() > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    await kill9(engine.child);
    expect(openAttempts()).toBe(0);

    const counts = numbers.map((n) => sim.createsTo(n));
    const twice = numbers.filter((_, i) => counts[i]! > 1);
    const missing = numbers.filter((_, i) => counts[i] === 0);
    expect({ twice, missing }).toEqual({ twice: [], missing: [] });
    const ledger = new Database(path.join(dataDir, 'gdial.db'), { readonly: true });
    const resolved = ledger.prepare("SELECT COUNT(*) AS n FROM dispatch_attempts WHERE error_message = 'engine stopped while submitting'").get() as { n: number };
    const attempts = ledger.prepare("SELECT COUNT(*) AS n FROM dispatch_attempts WHERE purpose = 'alert'").get() as { n: number };
    ledger.close();
    console.log(`crash test: creates at each kill ${createdAtKill.join(', ')}; ${resolved.n} attempts resolved from in_doubt`);
    expect(attempts.n).toBe(RECIPIENTS);
  }, 180_000);
});
