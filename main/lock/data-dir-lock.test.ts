import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, startTestEngine, tempDir } from '../test-support/engine-fixture';
import { startServe, type ServeProcess } from '../test-support/run-node';
import { LOCK_FILE, readLock } from './data-dir-lock';

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
