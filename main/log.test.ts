/**
 * Logs cannot fill the disk: files rotate by size with a cap on how many are kept (pino-roll),
 * and warnings that strangers can cause (forged webhooks) are written a few at a time with a
 * count. Real files in a temp directory, real HTTP to the webhook receiver.
 */
import { statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, logFiles, readLogs, throttledWarn } from './log';
import { removeDir, startTestEngine, tempDir } from './test-support/engine-fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});
const fresh = () => {
  const dir = tempDir('gdial-logs-');
  dirs.push(dir);
  return dir;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const totalBytes = (dir: string) => logFiles(dir).reduce((sum, file) => sum + statSync(file).size, 0);
const numberOf = (file: string) => Number(/\.(\d+)\.log$/.exec(file)![1]);
const LINES_PER_TURN = 20;

/** Lines as an engine writes them: a few per turn of the event loop (rotation happens between turns). */
async function writeLines(count: number, write: (i: number) => void) {
  for (let i = 0; i < count; i++) {
    write(i);
    if (i % LINES_PER_TURN === LINES_PER_TURN - 1) await new Promise((r) => setImmediate(r));
  }
}

describe('log rotation', () => {
  const rotation = { fileBytes: 64 * 1024, files: 3 };
  const line = 'x'.repeat(400);

  it('writes past the size limit into new files and keeps only the newest, owner-only', async () => {
    const dir = fresh();
    const log = createLogger({ dataDir: dir, stderr: false, rotation });
    await sleep(50);
    await writeLines(3000, (i) => log.info({ i, line }, 'filler'));
    log.info('the last line');
    await sleep(300); // pino-roll removes old files asynchronously
    const files = logFiles(dir);
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(rotation.files);
    // ~1.3 MB were written: rotation went through many files, and only the newest stayed.
    expect(numberOf(files.at(-1)!)).toBeGreaterThanOrEqual(15);
    // A file ends at the first turn that takes it past the limit.
    const oneTurn = LINES_PER_TURN * 600;
    for (const file of files) {
      expect(statSync(file).size).toBeLessThanOrEqual(rotation.fileBytes + oneTurn);
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(totalBytes(dir)).toBeLessThanOrEqual(rotation.files * (rotation.fileBytes + oneTurn));
    const text = readLogs(dir);
    expect(text).toContain('the last line');
    expect(text).not.toContain('"i":0,'); // the oldest lines went with their file
  });

  it('a restart continues the numbering and counts the files left by the last run', async () => {
    const dir = fresh();
    const first = createLogger({ dataDir: dir, stderr: false, rotation });
    await sleep(50);
    await writeLines(1000, (i) => first.info({ i, line }, 'first run'));
    await sleep(300);
    const lastOfFirst = numberOf(logFiles(dir).at(-1)!);
    const second = createLogger({ dataDir: dir, stderr: false, rotation });
    await sleep(50);
    await writeLines(1000, (i) => second.info({ i, line }, 'second run'));
    await sleep(300);
    const files = logFiles(dir);
    expect(numberOf(files[0]!)).toBeGreaterThanOrEqual(lastOfFirst);
    expect(files.length).toBeLessThanOrEqual(rotation.files);
    expect(path.dirname(files[0]!)).toBe(path.join(dir, 'logs'));
  });
});

describe('throttled warnings', () => {
  it('logs the first few per interval in full and the rest as one line with the count', async () => {
    const dir = fresh();
    const log = createLogger({ dataDir: dir, stderr: false });
    const warn = throttledWarn(log, 'something strangers can cause', { first: 3, intervalMs: 200 });
    for (let i = 0; i < 1000; i++) warn.note({ i });
    await sleep(350);
    for (let i = 0; i < 5; i++) warn.note({ i: 1000 + i });
    warn.flush();
    await sleep(100);
    const lines = readLogs(dir)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; i?: number; suppressed?: number });
    expect(lines.map((l) => l.i ?? l.suppressed)).toEqual([0, 1, 2, 997, 1000, 1001, 1002, 2]);
    expect(lines[3]!.msg).toContain('997 more');
  });
});

describe('a flood of forged webhooks', () => {
  it('20,000 unsigned requests write a bounded number of log bytes, and the count', async () => {
    const dir = fresh();
    const logDir = fresh();
    const logger = createLogger({ dataDir: logDir, stderr: false, level: 'info' });
    const t = await startTestEngine({ dataDir: dir, logger });
    const { port } = new URL(t.engine.dispatch!.webhooks.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const post = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, method: 'POST', path: '/twilio/voice/status?attempt=1', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end('CallSid=CAforged&CallStatus=completed');
      });
    await sleep(200);
    const before = totalBytes(logDir);
    const statuses = new Map<number, number>();
    const TOTAL = 20_000;
    for (let sent = 0; sent < TOTAL; sent += 200) {
      const batch = await Promise.all(Array.from({ length: 200 }, post));
      for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    agent.destroy();
    expect(statuses).toEqual(new Map([[403, TOTAL]]));
    await t.stop(); // writes the pending summary
    await sleep(200);
    const written = totalBytes(logDir) - before;
    // Before: ~150 bytes a request (3 MB for 20,000). Now: ten lines and a summary.
    expect(written).toBeLessThan(8 * 1024);
    const refusals = readLogs(logDir)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; suppressed?: number })
      .filter((l) => l.msg.includes('bad or missing signature'));
    expect(refusals.length).toBeLessThanOrEqual(11);
    const counted = refusals.reduce((sum, l) => sum + (l.suppressed ?? 1), 0);
    expect(counted).toBe(TOTAL);
  }, 120_000);
});
