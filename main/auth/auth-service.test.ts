/**
 * Sign-in, lock-out and sessions through the services and stores alone, on SQLite and on
 * PostgreSQL (the engine-level suites, auth.test.ts and lockout.test.ts, cover the router on SQLite).
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/store';
import { EventBus } from '../events/event-bus';
import { SettingsService } from '../settings/settings-service';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { PASSWORD } from '../test-support/engine-fixture';
import { UsersService } from '../users/users-service';
import { AuthService } from './auth-service';
import { hashToken, SessionStore, type SessionEndReason } from './sessions';

interface Accounts {
  store: Store;
  auth: AuthService;
  users: UsersService;
  sessions: SessionStore;
  ended: Array<[string[], SessionEndReason]>;
}

async function accounts(store: Store, env: Record<string, unknown> = {}): Promise<Accounts> {
  const settings = await SettingsService.open(store, env);
  const sessions = new SessionStore(store, () => settings.current().sessionHours * 3_600_000);
  const bus = new EventBus();
  const ended: Array<[string[], SessionEndReason]> = [];
  sessions.onEnded((hashes, reason) => ended.push([hashes, reason]));
  return { store, sessions, ended, auth: new AuthService(store, sessions, settings, bus), users: new UsersService(store, sessions, bus) };
}

const ADMIN = { id: 1, name: 'admin' };

async function withOperator(a: Accounts, username: string) {
  await a.auth.setup({ username: 'admin', displayName: 'Admin', password: PASSWORD, language: 'sv' }, 'test');
  return a.users.create({ username, displayName: username, role: 'operator', password: PASSWORD, language: 'sv' }, ADMIN);
}

async function userRow(store: Store, username: string) {
  return store.get<{ failedLogins: number; lockedUntil: number | null }>(
    sql`SELECT failed_logins AS "failedLogins", locked_until AS "lockedUntil" FROM users WHERE username = ${username}`,
  );
}

async function auditCount(store: Store, action: string): Promise<number> {
  return Number((await store.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM audit_log WHERE action = ${action}`))?.n);
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describe.each(testBackends())('accounts on $name', (backend) => {
  let opened: OpenedTestStore;
  beforeEach(async () => {
    opened = await backend.open();
  });
  afterEach(() => opened.close());

  it('sets up the first admin once, audited, and signs in with the token it gives', async () => {
    const a = await accounts(opened.store);
    expect(await a.auth.needsSetup()).toBe(true);
    const first = await a.auth.setup({ username: 'chef', displayName: 'Chefen', password: PASSWORD, language: 'en' }, 'test');
    expect(first.user).toMatchObject({ username: 'chef', role: 'admin', language: 'en', disabled: false });
    expect(await a.auth.needsSetup()).toBe(false);
    expect(await codeOf(a.auth.setup({ username: 'intruder', displayName: 'X', password: PASSWORD, language: 'sv' }, 'test'))).toBe('auth.already_set_up');
    const session = await a.auth.resume(first.token);
    expect(session?.user).toMatchObject({ username: 'chef', disabled: false });
    expect(await a.auth.resume('x'.repeat(43))).toBeNull();
    expect(await auditCount(opened.store, 'auth.setup')).toBe(1);
  });

  it('says the same for an unknown user and a wrong password, and counts the failure', async () => {
    const a = await accounts(opened.store);
    await withOperator(a, 'lisa');
    expect(await codeOf(a.auth.login('nobody', 'wrong password!', 'test'))).toBe('auth.invalid_credentials');
    expect(await codeOf(a.auth.login('lisa', 'wrong password!', 'test'))).toBe('auth.invalid_credentials');
    expect(await userRow(opened.store, 'lisa')).toEqual({ failedLogins: 1, lockedUntil: null });
    const ok = await a.auth.login('lisa', PASSWORD, 'test');
    expect(ok.user.failedLogins).toBe(0);
    expect(await auditCount(opened.store, 'auth.login_failed')).toBe(1);
    expect(await auditCount(opened.store, 'auth.login')).toBe(1);
  });

  it('30 parallel wrong passwords: four refusals, the fifth locks, the count stops at five, one auth.locked; the right one is then refused', async () => {
    const a = await accounts(opened.store);
    await withOperator(a, 'lisa');
    const codes = await Promise.all(Array.from({ length: 30 }, (_, i) => codeOf(a.auth.login('lisa', `wrong guess number ${i}`, 'test'))));
    expect(codes.filter((c) => c === 'auth.invalid_credentials')).toHaveLength(4);
    expect(codes.filter((c) => c === 'auth.locked')).toHaveLength(26);
    const row = await userRow(opened.store, 'lisa');
    expect(row?.failedLogins).toBe(5);
    expect(row?.lockedUntil).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(await auditCount(opened.store, 'auth.locked')).toBe(1);
    expect(await codeOf(a.auth.login('lisa', PASSWORD, 'test'))).toBe('auth.locked');
  });

  it('counts every one of 20 parallel guesses below the threshold, and an expired lock starts a new count', async () => {
    const a = await accounts(opened.store, { maxFailedLogins: 25 });
    await withOperator(a, 'erik');
    await Promise.all(Array.from({ length: 20 }, (_, i) => codeOf(a.auth.login('erik', `wrong ${i} guess`, 'test'))));
    expect(await userRow(opened.store, 'erik')).toEqual({ failedLogins: 20, lockedUntil: null });
    await opened.store.run(sql`UPDATE users SET locked_until = ${Date.now() - 1} WHERE username = 'erik'`);
    expect(await codeOf(a.auth.login('erik', 'wrong again!', 'test'))).toBe('auth.invalid_credentials');
    expect(await userRow(opened.store, 'erik')).toEqual({ failedLogins: 1, lockedUntil: null });
  });

  it('refuses the right password that was being checked while parallel guesses locked the account', async () => {
    const a = await accounts(opened.store);
    await withOperator(a, 'anna');
    const guesses = Promise.all(Array.from({ length: 30 }, (_, i) => codeOf(a.auth.login('anna', `wrong guess ${i}`, 'test'))));
    const right = codeOf(a.auth.login('anna', PASSWORD, 'test'));
    await guesses;
    expect(await right).toBe('auth.locked');
  });

  it('an admin unlocks; a new password lifts the lock and ends every session', async () => {
    const a = await accounts(opened.store, { maxFailedLogins: 2 });
    const lisa = await withOperator(a, 'lisa');
    const { token } = await a.auth.login('lisa', PASSWORD, 'test');
    for (let i = 0; i < 2; i++) await codeOf(a.auth.login('lisa', 'wrong password!', 'test'));
    expect((await a.users.list()).find((u) => u.username === 'lisa')?.lockedUntil).not.toBeNull();
    expect((await a.users.unlock(lisa.id, ADMIN)).lockedUntil).toBeNull();
    await a.users.setPassword(lisa.id, `${PASSWORD} again`, ADMIN);
    expect(await a.auth.resume(token)).toBeNull();
    expect(a.ended).toContainEqual([[hashToken(token)], 'password_changed']);
    await a.auth.login('lisa', `${PASSWORD} again`, 'test');
  });

  it('changes the own password: other sessions end, this one stays', async () => {
    const a = await accounts(opened.store);
    const first = await a.auth.setup({ username: 'admin', displayName: 'A', password: PASSWORD, language: 'sv' }, 'test');
    const second = await a.auth.login('admin', PASSWORD, 'test');
    const session = (await a.auth.resume(first.token))!;
    expect(await codeOf(a.auth.changePassword(session, 'nope', 'a much better one'))).toBe('auth.wrong_current_password');
    await a.auth.changePassword(session, PASSWORD, 'a much better one');
    expect(await a.auth.resume(first.token)).not.toBeNull();
    expect(await a.auth.resume(second.token)).toBeNull();
    expect(a.ended).toEqual([[[hashToken(second.token)], 'password_changed']]);
    expect(await codeOf(a.auth.login('admin', PASSWORD, 'test'))).toBe('auth.invalid_credentials');
  });

  it('logs out one session and tells the listeners once it is gone', async () => {
    const a = await accounts(opened.store);
    const { token } = await a.auth.setup({ username: 'admin', displayName: 'A', password: PASSWORD, language: 'sv' }, 'test');
    await a.auth.logout((await a.auth.resume(token))!);
    expect(a.ended).toEqual([[[hashToken(token)], 'logout']]);
    expect(await a.sessions.peek(hashToken(token))).toBeNull();
    expect(await auditCount(opened.store, 'auth.logout')).toBe(1);
  });

  it('remembers language and colour scheme', async () => {
    const a = await accounts(opened.store);
    const { token } = await a.auth.setup({ username: 'admin', displayName: 'A', password: PASSWORD, language: 'sv' }, 'test');
    const dto = await a.auth.updateProfile((await a.auth.resume(token))!, { language: 'en', colorScheme: 'dark' });
    expect(dto).toMatchObject({ language: 'en', colorScheme: 'dark', displayName: 'A' });
    expect((await a.auth.login('admin', PASSWORD, 'test')).user).toMatchObject({ language: 'en', colorScheme: 'dark' });
  });

  it('sessions: peek does not slide, resolve slides once a minute, expired ones are purged and announced', async () => {
    const a = await accounts(opened.store);
    const { token } = await a.auth.setup({ username: 'admin', displayName: 'A', password: PASSWORD, language: 'sv' }, 'test');
    const hash = hashToken(token);
    const old = Date.now() - 120_000;
    await opened.store.run(sql`UPDATE sessions SET last_seen_at = ${old}, expires_at = ${Date.now() + 1_000} WHERE token_hash = ${hash}`);
    expect(await a.sessions.peek(hash)).not.toBeNull();
    const times = () => opened.store.get<{ lastSeenAt: number; expiresAt: number }>(sql`SELECT last_seen_at AS "lastSeenAt", expires_at AS "expiresAt" FROM sessions WHERE token_hash = ${hash}`);
    expect((await times())?.lastSeenAt).toBe(old);
    expect(await a.sessions.resolve(hash)).not.toBeNull();
    expect((await times())?.expiresAt).toBeGreaterThan(Date.now() + 11 * 3_600_000);

    const other = await a.auth.login('admin', PASSWORD, 'test');
    await opened.store.run(sql`UPDATE sessions SET expires_at = ${Date.now() - 1} WHERE token_hash = ${hashToken(other.token)}`);
    expect(await a.sessions.resolve(hashToken(other.token))).toBeNull();
    expect(await a.sessions.purgeExpired()).toEqual([hashToken(other.token)]);
    expect(a.ended).toEqual([[[hashToken(other.token)], 'expired']]);
    expect(await a.sessions.peek(hash)).not.toBeNull();
  });
});
