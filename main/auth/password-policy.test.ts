import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, removeDir, startTestEngine, tempDir, type TestEngine } from '../test-support/engine-fixture';
import { threadId } from 'node:worker_threads';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy';
import { estimateStrength } from './password-strength';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const STRONG = 'kärnkraft-tumme-nio';

describe('the password rules', () => {
  it('needs at least 12 characters, counted as people count them', async () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(await passwordProblem('Xq7#vL2!mZ9')).toEqual({ code: 'auth.password_too_short', params: { min: 12 } });
    expect(await passwordProblem('Xq7#vL2!mZ9p')).toBeNull();
    // Eleven letters with Swedish characters are still eleven, whatever their encoding.
    expect(await passwordProblem('åäöÅÄÖåäöÅx'.normalize('NFD'))).toMatchObject({ code: 'auth.password_too_short' });
  });

  it('refuses a password containing the username, whatever the case', async () => {
    expect(await passwordProblem('Ruben-kärnkraft-tumme', 'ruben')).toEqual({ code: 'auth.password_contains_username', params: {} });
    expect(await passwordProblem('kärnkraft-RUBEN-tumme', 'Ruben')).toMatchObject({ code: 'auth.password_contains_username' });
    expect(await passwordProblem(STRONG, 'ruben')).toBeNull();
  });

  it('refuses common and guessable passwords, English and Swedish', async () => {
    for (const weak of ['Password1234', 'qwertyuiop123', '123456789012', 'aaaaaaaaaaaa', 'lösenord1234', 'losenord2024', 'Sommar123456', 'sommarsommar', 'januari12345', 'hemligt12345', 'midsommar123', 'brandkaren112']) {
      expect(await passwordProblem(weak), weak).toMatchObject({ code: 'auth.password_guessable', params: { min: 3 } });
    }
    for (const strong of [PASSWORD, STRONG, 'tre-signaler-i-natten', 'Xq7#vL2!mZ9p']) expect(await passwordProblem(strong), strong).toBeNull();
  });

  it('estimates guessability in a worker thread, never on the engine\'s', async () => {
    const estimate = await estimateStrength('Password1234', ['gdial']);
    expect(estimate.score).toBeLessThan(3);
    expect(estimate.threadId).not.toBe(threadId);
    // Many at once are all answered, in order of asking.
    const many = await Promise.all(['Password1234', STRONG, 'lösenord1234', PASSWORD].map((p) => estimateStrength(p, [])));
    expect(many.map((m) => m.score >= 3)).toEqual([false, true, false, true]);
  });
});

describe('every place a password is set asks the rules', () => {
  const refusal = (code: string, path: string) => ({ ok: false, error: { kind: 'validation', code, fields: [{ path }] } });

  it('first run', async () => {
    t = await startTestEngine();
    const conn = t.engine.connect('test');
    expect(await t.engine.router.call(conn, 'auth.setup', { username: 'chef', displayName: 'C', password: 'short one' })).toMatchObject({
      ok: false,
      error: { code: 'auth.password_too_short', params: { min: 12 }, fields: [{ path: 'password' }] },
    });
    expect(await t.engine.router.call(conn, 'auth.setup', { username: 'chef', displayName: 'C', password: 'chef-kärnkraft-tumme' })).toMatchObject(
      refusal('auth.password_contains_username', 'password'),
    );
    expect(await t.engine.router.call(conn, 'auth.setup', { username: 'chef', displayName: 'C', password: 'lösenord1234' })).toMatchObject(
      refusal('auth.password_guessable', 'password'),
    );
    // Nothing was created by the refusals.
    expect(await t.call(conn, 'auth.status', {})).toMatchObject({ needsSetup: true });
  });

  it('creating a user, an admin resetting one, and changing one\'s own', async () => {
    t = await startTestEngine();
    const admin = await t.signedIn('admin');
    expect(
      await t.engine.router.call(admin, 'users.create', { username: 'lisa', displayName: 'L', role: 'operator', password: 'Lisa-kärnkraft-tumme' }),
    ).toMatchObject(refusal('auth.password_contains_username', 'password'));
    expect((await t.call(admin, 'users.list', {})).map((u) => u.username)).toEqual(['admin']);

    const lisa = await t.call(admin, 'users.create', { username: 'lisa', displayName: 'L', role: 'operator', password: PASSWORD });
    expect(await t.engine.router.call(admin, 'users.setPassword', { id: lisa.id, password: 'Password1234' })).toMatchObject(
      refusal('auth.password_guessable', 'password'),
    );
    expect(await t.engine.router.call(admin, 'users.setPassword', { id: lisa.id, password: 'xlisax-kärnkraft-tumme' })).toMatchObject(
      refusal('auth.password_contains_username', 'password'),
    );

    const own = t.engine.connect('lisa');
    await t.call(own, 'auth.login', { username: 'lisa', password: PASSWORD });
    expect(await t.engine.router.call(own, 'auth.changePassword', { currentPassword: PASSWORD, newPassword: 'elva tecken' })).toMatchObject(
      refusal('auth.password_too_short', 'newPassword'),
    );
    expect(await t.engine.router.call(own, 'auth.changePassword', { currentPassword: PASSWORD, newPassword: 'sommaren2024' })).toMatchObject(
      refusal('auth.password_guessable', 'newPassword'),
    );
    // The refusals changed nothing: the old password still works and the session is still open.
    await t.call(t.engine.connect('again'), 'auth.login', { username: 'lisa', password: PASSWORD });
    expect((await t.call(own, 'auth.me', {})).username).toBe('lisa');
    await t.call(own, 'auth.changePassword', { currentPassword: PASSWORD, newPassword: STRONG });
  });

  it('GDIAL_ADMIN_PASSWORD: a weak one stops the first start and names the variable and the reason', async () => {
    await expect(startTestEngine({ env: { GDIAL_ADMIN_USER: 'ops', GDIAL_ADMIN_PASSWORD: 'short' } })).rejects.toThrow(/GDIAL_ADMIN_PASSWORD/);
    await expect(startTestEngine({ env: { GDIAL_ADMIN_USER: 'ops', GDIAL_ADMIN_PASSWORD: 'Password1234' } })).rejects.toMatchObject({
      code: 'engine.bad_admin_env',
      params: { reason: 'auth.password_guessable' },
    });
  });

  it('GDIAL_ADMIN_PASSWORD: an old weak value left in the environment does not stop an engine that has users', async () => {
    const dir = tempDir();
    try {
      const first = await startTestEngine({ dataDir: dir });
      await first.signedIn('admin');
      await first.stop();
      t = await startTestEngine({ dataDir: dir, env: { GDIAL_ADMIN_USER: 'ops', GDIAL_ADMIN_PASSWORD: 'Password1234' } });
      expect((await t.call(t.engine.connect('t'), 'auth.login', { username: 'admin', password: PASSWORD })).user.username).toBe('admin');
      await t.stop();
      t = null;
    } finally {
      removeDir(dir);
    }
  });

  it('auth.checkPassword answers for the live hint: to anyone on first run, then only to the signed-in', async () => {
    t = await startTestEngine();
    const anyone = t.engine.connect('anyone');
    expect(await t.call(anyone, 'auth.checkPassword', { password: 'lösenord1234', username: 'chef' })).toEqual({
      problem: { code: 'auth.password_guessable', params: { score: expect.any(Number), min: 3 } },
    });
    expect(await t.call(anyone, 'auth.checkPassword', { password: STRONG, username: 'chef' })).toEqual({ problem: null });
    const admin = await t.signedIn('admin');
    expect(await t.engine.router.call(t.engine.connect('stranger'), 'auth.checkPassword', { password: STRONG })).toMatchObject({
      ok: false,
      error: { kind: 'unauthenticated' },
    });
    expect(await t.call(admin, 'auth.checkPassword', { password: 'Kalle-kärnkraft-tumme', username: 'kalle' })).toEqual({
      problem: { code: 'auth.password_contains_username', params: {} },
    });
  });
});
