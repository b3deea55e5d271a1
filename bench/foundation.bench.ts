/** The engine's fixed costs: an audited write, and a contract round trip over WebSocket. */
import Database from 'better-sqlite3';
import path from 'node:path';
import WebSocket from 'ws';
import { WS_PATH } from '../main/contract';
import { PASSWORD, removeDir, startTestEngine, tempDir } from '../main/test-support/engine-fixture';
import { round, timed, type Bench } from './harness';

const N = 2000;

async function auditedWrites() {
  const t = await startTestEngine();
  const admin = await t.signedIn('admin');
  const audited = await timed(async () => {
    for (let i = 0; i < N; i++) await t.call(admin, 'templates.create', { name: `b${i}`, smsText: 'x' });
  });
  await t.stop();
  // Baseline: the same inserts as raw prepared statements, one transaction each, same pragmas.
  const dir = tempDir('gdial-bench-');
  const raw = new Database(path.join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, sms TEXT, created_at INT, updated_at INT)');
  const insert = raw.prepare('INSERT INTO t (name, sms, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const bare = await timed(() => {
    for (let i = 0; i < N; i++) raw.transaction(() => insert.run(`b${i}`, 'x', Date.now(), Date.now()))();
  });
  raw.close();
  removeDir(dir);
  return {
    audited_writes_per_s: round(N / audited.seconds, 0),
    audited_write_ratio: round(bare.seconds / audited.seconds),
  };
}

async function wsRoundTrips() {
  const t = await startTestEngine({ port: 0 });
  await t.signedIn('admin');
  const ws = new WebSocket(t.engine.url!.replace('http', 'ws') + WS_PATH);
  await new Promise((resolve) => ws.once('open', resolve));
  let next = 0;
  const call = (method: string, input: unknown) =>
    new Promise<void>((resolve) => {
      const id = ++next;
      const onMessage = (d: WebSocket.RawData) => {
        if ((JSON.parse(String(d)) as { id?: number }).id === id) {
          ws.off('message', onMessage);
          resolve();
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ t: 'call', id, method, input }));
    });
  await call('auth.login', { username: 'admin', password: PASSWORD });
  const { seconds } = await timed(async () => {
    for (let i = 0; i < N; i++) await call('auth.me', {});
  });
  ws.close();
  await t.stop();
  return { ws_roundtrips_per_s: round(N / seconds, 0) };
}

export const foundationBench: Bench = {
  name: 'foundation',
  run: async () => ({ ...(await auditedWrites()), ...(await wsRoundTrips()) }),
};
