import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, type TestEngine } from '../test-support/engine-fixture';
import { engineBackends, startTestEngineOn } from '../test-support/backends';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function failLogin(engine: TestEngine, username: string, times: number) {
  const conn = engine.engine.connect('test');
  const results = [];
  for (let i = 0; i < times; i++) results.push(await engine.engine.router.call(conn, 'auth.login', { username, password: 'wrong password!' }));
  return results;
}

describe.each(engineBackends())('first run and sign-in on $name', (backend) => {
  it('says which database it keeps its data in, never with a password', async () => {
    t = await startTestEngineOn(backend);
    const info = await t.call(await t.signedIn('viewer'), 'system.info', {});
    expect(info.databaseEngine).toBe(backend.name);
    expect(info.databasePath).not.toMatch(/gdial-test@|:gdial-test|@/); // the test server's user and password
    if (backend.name === 'sqlite') expect(info.databasePath).toMatch(/gdial\.db$/);
    else expect(info.databasePath).toMatch(/^127\.0\.0\.1:\d+\/gdial_t_/);
  });

  it('creates the first admin once, and never again', async () => {
    t = await startTestEngineOn(backend);
    const conn = t.engine.connect('test');
    expect(await t.call(conn, 'auth.status', {})).toMatchObject({ needsSetup: true });
    const first = await t.call(conn, 'auth.setup', { username: 'Chef', displayName: 'Chefen', password: PASSWORD });
    expect(first.user).toMatchObject({ username: 'chef', role: 'admin' });
    expect(await t.call(conn, 'auth.status', {})).toMatchObject({ needsSetup: false });
    const again = await t.engine.router.call(t.engine.connect('test'), 'auth.setup', {
      username: 'intruder',
      displayName: 'X',
      password: PASSWORD,
    });
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'auth.already_set_up' } });
  });

  it('creates the first admin from GDIAL_ADMIN_USER and GDIAL_ADMIN_PASSWORD', async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_ADMIN_USER: 'ops', GDIAL_ADMIN_PASSWORD: PASSWORD } });
    const conn = t.engine.connect('test');
    expect(await t.call(conn, 'auth.status', {})).toMatchObject({ needsSetup: false });
    expect((await t.call(conn, 'auth.login', { username: 'ops', password: PASSWORD })).user.role).toBe('admin');
  });

  it('refuses to start with a bootstrap password that is too short, naming the variable', async () => {
    await expect(startTestEngineOn(backend, { env: { GDIAL_ADMIN_USER: 'ops', GDIAL_ADMIN_PASSWORD: 'short' } })).rejects.toThrow(
      /GDIAL_ADMIN_PASSWORD/,
    );
  });

  it('says the same thing for an unknown user and a wrong password', async () => {
    t = await startTestEngineOn(backend);
    await t.signedIn('admin');
    const [unknown] = await failLogin(t, 'nobody', 1);
    const [wrong] = await failLogin(t, 'admin', 1);
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'unauthenticated', code: 'auth.invalid_credentials' } });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'unauthenticated', code: 'auth.invalid_credentials' } });
  });

  it('locks an account after five failures, even against the right password, until the time passes', async () => {
    t = await startTestEngineOn(backend);
    const admin = await t.signedIn('admin');
    await t.signedIn('operator', 'lisa');
    const results = await failLogin(t, 'lisa', 5);
    expect(results.slice(0, 4).map((r) => !r.ok && r.error.code)).toEqual(Array(4).fill('auth.invalid_credentials'));
    expect(results[4]).toMatchObject({ ok: false, error: { kind: 'locked', code: 'auth.locked' } });
    const locked = await t.engine.router.call(t.engine.connect('test'), 'auth.login', { username: 'lisa', password: PASSWORD });
    expect(locked).toMatchObject({ ok: false, error: { kind: 'locked', code: 'auth.locked' } });
    if (!locked.ok) expect(Date.parse(String(locked.error.params?.until)) - Date.now()).toBeGreaterThan(14 * 60_000);

    // The lock ends by itself when its time has passed.
    await t.engine.store.run(sql`UPDATE users SET locked_until = ${Date.now() - 1} WHERE username = 'lisa'`);
    await t.call(t.engine.connect('test'), 'auth.login', { username: 'lisa', password: PASSWORD });

    // And an admin can lift it early.
    await failLogin(t, 'lisa', 5);
    const lisa = (await t.call(admin, 'users.list', {})).find((u) => u.username === 'lisa')!;
    expect(lisa.lockedUntil).not.toBeNull();
    await t.call(admin, 'users.unlock', { id: lisa.id });
    await t.call(t.engine.connect('test'), 'auth.login', { username: 'lisa', password: PASSWORD });
  });

  it('takes the lock-out threshold and duration from settings', async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_MAX_FAILED_LOGINS: '2', GDIAL_LOCKOUT_MINUTES: '60' } });
    await t.signedIn('admin');
    await failLogin(t, 'admin', 2);
    const locked = await t.engine.router.call(t.engine.connect('test'), 'auth.login', { username: 'admin', password: PASSWORD });
    expect(locked).toMatchObject({ ok: false, error: { kind: 'locked' } });
    if (!locked.ok) expect(Date.parse(String(locked.error.params?.until)) - Date.now()).toBeGreaterThan(59 * 60_000);
  });

  it('refuses a disabled account and ends its open sessions', async () => {
    t = await startTestEngineOn(backend);
    const admin = await t.signedIn('admin');
    const op = await t.signedIn('operator', 'erik');
    const erik = (await t.call(admin, 'users.list', {})).find((u) => u.username === 'erik')!;
    await t.call(admin, 'users.update', { id: erik.id, disabled: true });
    expect(await t.engine.router.call(op, 'templates.list', {})).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    expect(
      await t.engine.router.call(t.engine.connect('test'), 'auth.login', { username: 'erik', password: PASSWORD }),
    ).toMatchObject({ ok: false, error: { code: 'auth.disabled' } });
  });

  it('keeps at least one active admin', async () => {
    t = await startTestEngineOn(backend);
    const admin = await t.signedIn('admin');
    const me = await t.call(admin, 'auth.me', {});
    expect(await t.engine.router.call(admin, 'users.update', { id: me.id, role: 'viewer' })).toMatchObject({
      ok: false,
      error: { code: 'users.last_admin' },
    });
  });

  it('changes the own password: the old one stops working, other sessions end', async () => {
    t = await startTestEngineOn(backend);
    const first = await t.signedIn('admin');
    const second = t.engine.connect('test');
    await t.call(second, 'auth.login', { username: 'admin', password: PASSWORD });
    const wrong = await t.engine.router.call(first, 'auth.changePassword', { currentPassword: 'nope', newPassword: 'a much better one' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'validation', fields: [{ path: 'currentPassword' }] } });
    await t.call(first, 'auth.changePassword', { currentPassword: PASSWORD, newPassword: 'a much better one' });
    expect((await t.call(first, 'auth.me', {})).username).toBe('admin');
    expect(await t.engine.router.call(second, 'auth.me', {})).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    expect(await t.engine.router.call(t.engine.connect('t'), 'auth.login', { username: 'admin', password: PASSWORD })).toMatchObject({ ok: false });
    await t.call(t.engine.connect('t'), 'auth.login', { username: 'admin', password: 'a much better one' });
  });

  it('remembers language and colour scheme per user', async () => {
    t = await startTestEngineOn(backend);
    const admin = await t.signedIn('admin');
    await t.call(admin, 'profile.update', { language: 'en', colorScheme: 'dark' });
    const again = await t.call(t.engine.connect('t'), 'auth.login', { username: 'admin', password: PASSWORD });
    expect(again.user).toMatchObject({ language: 'en', colorScheme: 'dark' });
  });

  it('resumes a session by token on a new connection, as a reconnecting console does', async () => {
    t = await startTestEngineOn(backend);
    const conn = t.engine.connect('t');
    const { token } = await t.call(conn, 'auth.setup', { username: 'admin', displayName: 'A', password: PASSWORD });
    const reconnected = t.engine.connect('t');
    expect((await t.call(reconnected, 'auth.resume', { token })).username).toBe('admin');
    expect(await t.engine.router.call(t.engine.connect('t'), 'auth.resume', { token: 'x'.repeat(43) })).toMatchObject({
      ok: false,
      error: { kind: 'unauthenticated' },
    });
  });
});
