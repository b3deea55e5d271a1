import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, type TestEngine } from '../test-support/engine-fixture';
import { engineBackends, startTestEngineOn } from '../test-support/backends';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

/** Sends `n` wrong passwords for `username` at once, each on its own connection, through the router. */
function parallelGuesses(engine: TestEngine, username: string, n: number) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      engine.engine.router.call(engine.engine.connect(`guess-${i}`), 'auth.login', { username, password: `wrong guess number ${i}` }),
    ),
  );
}

/** Through the engine's store, so the suite reads the same on either backend. */
async function userRow(engine: TestEngine, username: string) {
  return (await engine.engine.store.get<{ failedLogins: number; lockedUntil: number | null }>(
    sql`SELECT failed_logins AS "failedLogins", locked_until AS "lockedUntil" FROM users WHERE username = ${username}`,
  ))!;
}

async function auditActions(engine: TestEngine, action: string): Promise<number> {
  return Number((await engine.engine.store.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM audit_log WHERE action = ${action}`))?.n);
}

function expireLock(engine: TestEngine, username: string) {
  return engine.engine.store.run(sql`UPDATE users SET locked_until = ${Date.now() - 1} WHERE username = ${username}`);
}

describe.each(engineBackends())('lock-out against parallel guesses on $name', (backend) => {
  it('30 parallel wrong passwords lock the account; the count stops at the lock; the right password is then refused', async () => {
    t = await startTestEngineOn(backend);
    await t.signedIn('admin');
    await t.signedIn('operator', 'lisa');
    const results = await parallelGuesses(t, 'lisa', 30);
    expect(results.every((r) => !r.ok)).toBe(true);
    const codes = results.map((r) => (!r.ok ? r.error.code : 'ok'));
    // Exactly the first four failures are plain refusals; the fifth locks, and every later one is told so.
    expect(codes.filter((c) => c === 'auth.invalid_credentials')).toHaveLength(4);
    expect(codes.filter((c) => c === 'auth.locked')).toHaveLength(26);
    const row = await userRow(t, 'lisa');
    expect(row.failedLogins).toBe(5);
    expect(row.lockedUntil).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(await auditActions(t, 'auth.locked')).toBe(1);

    const right = await t.engine.router.call(t.engine.connect('late'), 'auth.login', { username: 'lisa', password: PASSWORD });
    expect(right).toMatchObject({ ok: false, error: { kind: 'locked', code: 'auth.locked' } });
  });

  it('counts every one of 40 parallel guesses below the threshold', async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_MAX_FAILED_LOGINS: '50' } });
    await t.signedIn('admin');
    await t.signedIn('operator', 'erik');
    const results = await parallelGuesses(t, 'erik', 40);
    expect(results.map((r) => !r.ok && r.error.code)).toEqual(Array(40).fill('auth.invalid_credentials'));
    expect(await userRow(t, 'erik')).toEqual({ failedLogins: 40, lockedUntil: null });
    // Ten more reach the threshold of 50 and lock.
    await parallelGuesses(t, 'erik', 10);
    expect((await userRow(t, 'erik')).failedLogins).toBe(50);
    expect((await userRow(t, 'erik')).lockedUntil).not.toBeNull();
  });

  it('refuses the right password that was being checked while parallel guesses locked the account', async () => {
    t = await startTestEngineOn(backend);
    await t.signedIn('admin');
    await t.signedIn('operator', 'anna');
    // All start before any lock exists; the right one is queued last for the scrypt threads, so
    // the lock is in place by the time its check finishes. It must not get in.
    const guesses = parallelGuesses(t, 'anna', 30);
    const right = t.engine.router.call(t.engine.connect('right'), 'auth.login', { username: 'anna', password: PASSWORD });
    await guesses;
    expect(await right).toMatchObject({ ok: false, error: { kind: 'locked', code: 'auth.locked' } });
    expect((await userRow(t, 'anna')).lockedUntil).not.toBeNull();
  });

  it('an expired lock starts a new count', async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_MAX_FAILED_LOGINS: '3' } });
    await t.signedIn('admin');
    await t.signedIn('operator', 'olle');
    await parallelGuesses(t, 'olle', 3);
    expect((await userRow(t, 'olle')).failedLogins).toBe(3);
    await expireLock(t, 'olle');
    const [after] = await parallelGuesses(t, 'olle', 1);
    expect(after).toMatchObject({ ok: false, error: { code: 'auth.invalid_credentials' } });
    expect(await userRow(t, 'olle')).toEqual({ failedLogins: 1, lockedUntil: null });
  });
});
