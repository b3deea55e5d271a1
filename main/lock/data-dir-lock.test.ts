import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, startTestEngine, tempDir } from '../test-support/engine-fixture';
import { startServe, type ServeProcess } from '../test-support/run-node';
import { acquireDataDirLock, LOCK_FILE, readLock } from './data-dir-lock';
import { processState } from './process-identity';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('one engine per data directory', () => {
  it('refuses a second engine in the same process and lets it in once the first stops', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const first = await startTestEngine({ dataDir: dir });
    await expect(startTestEngine({ dataDir: dir })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'engine.data_dir_locked',
    });
    await first.stop();
    const second = await startTestEngine({ dataDir: dir });
    await second.stop();
  });

  it('takes over a lock left behind by a process that no longer exists', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: 'yesterday' }));
    const engine = await startTestEngine({ dataDir: dir });
    expect(readLock(dir)?.pid).toBe(process.pid);
    await engine.stop();
    expect(readLock(dir)).toBeNull();
  });

  it('takes over a lock whose pid now belongs to another process (a pid reused, e.g. after a reboot)', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    // The test runner's parent is alive, but it is not the process that wrote this lock.
    const other = process.ppid;
    expect(processState(other)).not.toBeNull();
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: other, startedAt: new Date().toISOString(), process: 'linux:another-boot:12345' }),
    );
    const engine = await startTestEngine({ dataDir: dir });
    expect(readLock(dir)?.pid).toBe(process.pid);
    await engine.stop();
  });

  it('takes over an older version\'s lock (no process identity) written before the last boot', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const beforeBoot = new Date(Date.now() - os.uptime() * 1000 - 3_600_000).toISOString();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, startedAt: beforeBoot }));
    const lock = acquireDataDirLock(dir);
    cleanups.push(() => lock.release());
    expect(readLock(dir)?.pid).toBe(process.pid);
  });

  it('still refuses when the pid is alive and is the process that wrote the lock', () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const other = process.ppid;
    const identity = processState(other)?.identity ?? null;
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: other, startedAt: new Date().toISOString(), process: identity }));
    expect(() => acquireDataDirLock(dir)).toThrow(expect.objectContaining({ code: 'engine.data_dir_locked' }));
    // An older version's lock (no identity) from this boot is also respected.
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: other, startedAt: new Date().toISOString() }));
    expect(() => acquireDataDirLock(dir)).toThrow(expect.objectContaining({ code: 'engine.data_dir_locked' }));
  });

  it.skipIf(process.platform === 'win32')('takes over a lock whose process has exited but is not yet reaped (a zombie)', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    // `sh` starts a short child, then becomes `sleep 30`, which never waits for it: the child
    // stays a zombie until its parent ends.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    cleanups.push(() => parent.kill('SIGKILL'));
    const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    await expect.poll(() => processState(zombie)?.zombie, { timeout: 5_000 }).toBe(true);
    // Even with the zombie's own identity in the lock: an exited process holds nothing.
    writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: zombie, startedAt: new Date().toISOString(), process: processState(zombie)?.identity }),
    );
    const engine = await startTestEngine({ dataDir: dir });
    expect(readLock(dir)?.pid).toBe(process.pid);
    await engine.stop();
  });

  it('a second `serve` on the same data directory exits and says why', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const first: ServeProcess = await startServe(['--port', '0', '--data-dir', dir]);
    cleanups.push(() => first.stop());
    expect(readLock(dir)).toMatchObject({ pid: first.child.pid, url: first.url });
    const refused = await startServe(['--port', '0', '--data-dir', dir]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(3);
    expect(refused?.stderr).toContain('already uses the data directory');
    expect(refused?.stderr).toContain(first.url);
    // The first engine is untouched by the attempt.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });
});
