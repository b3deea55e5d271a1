import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import { startServe } from '../test-support/run-node';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('npm run serve', () => {
  it('prints its URL on one line and serves the console with a strict CSP', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const serve = await startServe(['--port', '0', '--data-dir', dir]);
    cleanups.push(() => serve.stop());
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(serve.url);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // Traversal outside the console folder is never served.
    const evil = await fetch(`${serve.url}/..%2f..%2fpackage.json`);
    expect(await evil.text()).not.toContain('"name": "gdial"');
  });

  it('takes its port and data directory from GDIAL_PORT and GDIAL_DATA_DIR', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const serve = await startServe([], { GDIAL_PORT: String(port), GDIAL_DATA_DIR: dir });
    cleanups.push(() => serve.stop());
    expect(serve.url).toBe(`http://127.0.0.1:${port}`);
  });

  it('refuses a bad setting in the environment, naming the variable', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const error = await startServe(['--port', '0', '--data-dir', dir], { GDIAL_LOCKOUT_MINUTES: 'forever' }).catch(
      (e: { stderr: string }) => e,
    );
    expect((error as { stderr: string }).stderr).toContain('GDIAL_LOCKOUT_MINUTES');
  });

  it('refuses a busy port with a clear message', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const busy = createServer();
    const port = await new Promise<number>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)),
    );
    cleanups.push(() => new Promise((resolve) => busy.close(resolve)));
    const error = await startServe(['--port', String(port), '--data-dir', dir]).catch((e: { stderr: string }) => e);
    expect((error as { stderr: string }).stderr).toContain(`Port ${port}`);
  });

  it('refuses a PostgreSQL it cannot reach, naming host and database but never the password', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const closed = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)),
    );
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there now
    const url = `postgres://gdial:s3cret-pw@127.0.0.1:${port}/control_room`;
    const error = await startServe(['--port', '0', '--data-dir', dir], { GDIAL_DATABASE_URL: url }).catch(
      (e: { stderr: string; code: number | null }) => e,
    );
    const { stderr, code } = error as { stderr: string; code: number | null };
    expect(stderr).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${port}/control_room`);
    expect(stderr).not.toContain('s3cret-pw');
    expect(code).not.toBe(0);
  });

  it('refuses a database URL that is not PostgreSQL', async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const error = await startServe(['--port', '0', '--data-dir', dir], { GDIAL_DATABASE_URL: 'mysql://u:pw@host/db' }).catch(
      (e: { stderr: string }) => e,
    );
    expect((error as { stderr: string }).stderr).toContain('GDIAL_DATABASE_URL must be a postgres://');
    expect((error as { stderr: string }).stderr).not.toContain('pw@');
  });
});
