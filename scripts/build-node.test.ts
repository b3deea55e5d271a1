import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { execFile, fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { IPC_EVENT, IPC_INVOKE } from '../main/contract';
import type { WorkerMessage } from '../main/contacts/parse/parse-protocol';
import type { SpeechReply } from '../main/tts/espeak-protocol';
import { parseWav } from '../main/tts/wav';
import { WORKER_ENTRIES } from '../main/workers/worker-entry';
import { nodeBuilds } from './build-node';

const out = mkdtempSync(path.join(os.tmpdir(), 'gdial-build-'));
// The ESM bundles keep their packages external: built inside the project, they find node_modules.
const cacheDir = path.resolve('node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const esmOut = mkdtempSync(path.join(cacheDir, 'gdial-build-test-'));
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(esmOut, { recursive: true, force: true });
});

describe('the preload bundle', () => {
  it('is one CommonJS file that requires nothing but electron (a sandboxed preload can load no modules)', async () => {
    const preload = nodeBuilds(out).find((b) => b.format === 'cjs')!;
    await build({ ...preload, sourcemap: false, logLevel: 'silent' });
    const code = readFileSync(path.join(out, 'electron', 'preload.cjs'), 'utf8');
    const required = [...code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
    // The channel names and the contract's allowlist travel inside it.
    expect(code).toContain(IPC_INVOKE);
    expect(code).toContain(IPC_EVENT);
    expect(code).toContain('alerts.launch');
  });
});

describe('the worker and child-process bundles', () => {
  const built = (async () => {
    const esm = nodeBuilds(esmOut).find((b) => b.format === 'esm')!;
    await build({ ...esm, sourcemap: false, logLevel: 'silent' });
  })();

  it('bundles every listed worker entry to dist/workers/<name>.mjs', async () => {
    await built;
    for (const name of Object.keys(WORKER_ENTRIES)) expect(existsSync(path.join(esmOut, 'workers', `${name}.mjs`))).toBe(true);
  });

  it('the bundled CLI finds and runs the backup worker (integrity_check off its thread)', async () => {
    await built;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gdial-build-data-'));
    try {
      const db = new Database(path.join(dataDir, 'gdial.db'));
      db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('a')");
      db.close();
      const target = path.join(dataDir, 'copy.db');
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(esmOut, 'gdial.mjs'), 'backup', '--data-dir', dataDir, '--out', target]);
      expect(stdout).toContain('integrity_check: ok');
      expect(existsSync(target)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the bundled speech process speaks over IPC', async () => {
    await built;
    const child = fork(path.join(esmOut, 'workers', 'espeak-child.mjs'), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      const replies: SpeechReply[] = [];
      const spoken = new Promise<SpeechReply>((resolve) =>
        child.on('message', (m: SpeechReply) => {
          replies.push(m);
          if (m.type !== 'ready') resolve(m);
        }),
      );
      child.send({ type: 'speak', id: 1, text: 'Brand vid stationen', voice: 'sv' });
      const reply = await spoken;
      expect(replies[0]).toEqual({ type: 'ready', pid: child.pid });
      expect(reply.type).toBe('spoken');
      const wav = Buffer.from((reply as { wav: Uint8Array }).wav);
      expect(parseWav(wav).dataBytes).toBeGreaterThan(10_000);
    } finally {
      child.kill();
    }
  });

  it('the bundled contact parse worker reads an import file on its own thread', async () => {
    await built;
    const worker = new Worker(path.join(esmOut, 'workers', 'contact-parse-worker.mjs'));
    try {
      const messages: WorkerMessage[] = [];
      const done = new Promise<void>((resolve, reject) => {
        worker.on('message', (m: WorkerMessage) => {
          messages.push(m);
          if (m.t === 'done' || m.t === 'refused' || m.t === 'failed') resolve();
        });
        worker.once('error', reject);
      });
      worker.postMessage({
        bytes: new TextEncoder().encode('namn;mobil\nÅsa Öberg;070-123 45 67\n'),
        fileName: 'a.csv',
        limits: { maxBytes: 1 << 20, maxRows: 10, maxLineBytes: 1 << 16 },
      });
      await done;
      expect(messages.find((m) => m.t === 'meta')).toMatchObject({ meta: { format: 'csv', delimiter: ';' }, total: 1 });
      const rows = messages.flatMap((m) => (m.t === 'rows' ? m.rows : []));
      expect(rows.map((r) => r.numbers[0]?.e164)).toEqual(['+46701234567']);
    } finally {
      await worker.terminate();
    }
  });
});
