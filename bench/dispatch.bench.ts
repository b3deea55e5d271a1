/** The dispatch figures of issue 4: enqueue, raw dispatch rate, pacing accuracy, UI batching. */
import Database from 'better-sqlite3';
import path from 'node:path';
import twilio from 'twilio';
import { PROGRESS_INTERVAL_MS } from '../main/alerts/progress';
import { spawn } from 'node:child_process';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startSimulator } from '../main/carriers/simulator';
import { bookWithGroup, draft, FAST, waitForAlert } from '../main/test-support/alert-fixture';
import { removeDir, startTestEngine, tempDir } from '../main/test-support/engine-fixture';
import type { EngineConfig } from '../main/engine';
import { round, timed, type Bench } from './harness';

export const NO_PACING = { GDIAL_CALLS_PER_SECOND: '100', GDIAL_MAX_CONCURRENT_CALLS: '1000', GDIAL_SMS_SEGMENTS_PER_SECOND: '500' };
const INSTANT = { latencyMs: { min: 0, max: 0 }, ringMs: { min: 0, max: 0 }, talkMs: { min: 0, max: 0 }, timeScale: 0 };

/** Engine settings of a bench run: `databaseUrl` runs it on PostgreSQL (postgres.bench.ts). */
export type BenchDatabase = Partial<Pick<EngineConfig, 'databaseUrl'>>;

export async function enqueue(database: BenchDatabase = {}) {
  const N = 100_000;
  const t = await startTestEngine({ ...database, env: { GDIAL_IMPORT_MAX_ROWS: String(N), GDIAL_CALLS_PER_SECOND: '0.1' } });
  const op = await t.signedIn('operator');
  const { groupId } = await bookWithGroup(t, op, N);
  const ours = await timed(() => t.call(op, 'alerts.launch', { launchKey: 'bench-enqueue', draft: draft(groupId) }));
  await t.stop();

  // Baseline: the same rows (recipient + first attempt) as raw prepared inserts in one transaction.
  const dir = tempDir('gdial-bench-');
  const raw = new Database(path.join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(`CREATE TABLE r (id INTEGER PRIMARY KEY, alert_id INT, contact_id INT, name TEXT, state TEXT, voice_numbers TEXT, sms_number TEXT);
            CREATE TABLE a (id INTEGER PRIMARY KEY, alert_id INT, recipient_id INT, channel TEXT, e164 TEXT, state TEXT, not_before INT, queued_at INT, updated_at INT)`);
  const ir = raw.prepare('INSERT INTO r (alert_id, contact_id, name, state, voice_numbers, sms_number) VALUES (?, ?, ?, ?, ?, ?)');
  const ia = raw.prepare('INSERT INTO a (alert_id, recipient_id, channel, e164, state, not_before, queued_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const bare = await timed(() =>
    raw.transaction(() => {
      for (let i = 0; i < N; i++) {
        const e164 = `+46702${String(i).padStart(6, '0')}`;
        const id = Number(ir.run(1, i, `Person ${i}`, 'pending', JSON.stringify([e164]), e164).lastInsertRowid);
        ia.run(1, id, 'voice', e164, 'queued', 0, 0, 0);
      }
    })(),
  );
  raw.close();
  removeDir(dir);
  return { enqueue_100k_s: round(ours.seconds, 3), enqueue_ratio: round(bare.seconds / ours.seconds) };
}

/** The simulator in its own process, as `npm run simulator` runs it: the engine gets its own core. */
export async function externalSimulator(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/entry/simulator.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /simulator: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  const auth = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`;
  const res = await fetch(`${url}/__sim/config`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(INSTANT) });
  if (!res.ok) throw new Error(`simulator config: ${res.status}`);
  return { url, stop: () => child.kill('SIGTERM') };
}

export async function dispatchRate(database: BenchDatabase = {}) {
  const N = 3000;
  const sim = await externalSimulator();
  // The simulator is a process of its own: stopped even when the run fails (else it outlives the bench).
  try {
    const t = await startTestEngine({ ...database, env: { ...NO_PACING, GDIAL_SIMULATOR_URL: sim.url } });
    const op = await t.signedIn('operator');
    const { groupId, numbers } = await bookWithGroup(t, op, N);
    const smsDraft = draft(groupId, { channels: ['sms'] });
    const ours = await timed(async () => {
      const alert = await t.call(op, 'alerts.launch', { launchKey: 'bench-dispatch', draft: smsDraft });
      await waitForAlert(t, op, alert.id, (a) => a.counters.queued === 0 && a.counters.dialling === 0, 120_000);
    });
    await t.stop();
    // Baseline: the twilio SDK alone, same simulator, same messages, same concurrency (64).
    const client = twilio(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN);
    (client.api as unknown as { baseUrl: string }).baseUrl = sim.url;
    const account = client.api.v2010.accounts(DEFAULT_ACCOUNT_SID);
    let next = 0;
    const bare = await timed(() =>
      Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < N) {
            const to = numbers[next++]!;
            await account.messages.create({ to, from: 'GDial', body: 'Brand i Åby industriområde. Samling vid stationen.\nSvara JA för att bekräfta.' });
          }
        }),
      ),
    );
    return { dispatch_per_s: round(N / ours.seconds, 0), dispatch_ratio: round(bare.seconds / ours.seconds) };
  } finally {
    sim.stop();
  }
}

async function pacing() {
  const sim = await startSimulator({ ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } }, { port: 0 });
  const t = await startTestEngine({ env: { GDIAL_CALLS_PER_SECOND: '10', GDIAL_MAX_CONCURRENT_CALLS: '1000', GDIAL_SIMULATOR_URL: sim.url } });
  const op = await t.signedIn('operator');
  const { groupId } = await bookWithGroup(t, op, 60);
  const alert = await t.call(op, 'alerts.launch', { launchKey: 'bench-pacing', draft: draft(groupId) });
  await waitForAlert(t, op, alert.id, undefined, 60_000);
  const times = sim.records().creates.map((c) => c.at).sort((a, b) => a - b);
  const achieved = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
  await t.stop();
  await sim.stop();
  return { pacing_error: round(Math.abs(achieved - 10) / 10, 4) };
}

async function uiBatching() {
  // An alert that sends nothing (pacing at its slowest) gives the publisher real rows to read.
  const t = await startTestEngine({ env: { GDIAL_CALLS_PER_SECOND: '0.1' } });
  const op = await t.signedIn('operator');
  const { groupId } = await bookWithGroup(t, op, 500);
  const alert = await t.call(op, 'alerts.launch', { launchKey: 'bench-ui', draft: draft(groupId) });
  let messages = 0;
  const off = t.engine.bus.on((name) => {
    if (name === 'alert.progress') messages++;
  });
  // 1,000 ledger writes a second for three seconds, spread as they arrive from a carrier; each
  // write notes its row itself (alerts/row-changes.ts) and the engine's publisher batches them.
  const write = t.engine.db.$client.prepare('UPDATE dispatch_attempts SET updated_at = ? WHERE alert_id = ? AND recipient_id = ?');
  const first = t.engine.db.$client.prepare('SELECT MIN(id) AS id FROM alert_recipients WHERE alert_id = ?').get(alert.id) as { id: number };
  let events = 0;
  const start = Date.now();
  while (Date.now() - start < 3000) {
    for (let i = 0; i < 10; i++) write.run(Date.now(), alert.id, first.id + (events++ % 500));
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS * 2));
  off();
  await t.stop();
  return { ui_batch_factor: round(events / Math.max(1, messages), 1) };
}

export const dispatchBench: Bench = {
  name: 'dispatch',
  run: async () => ({ ...(await enqueue()), ...(await dispatchRate()), ...(await pacing()), ...(await uiBatching()) }),
};
