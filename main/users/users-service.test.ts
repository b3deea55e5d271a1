/** Managing users through the service and its store, on SQLite and on PostgreSQL. */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore, hashToken } from '../auth/sessions';
import { EventBus } from '../events/event-bus';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { PASSWORD } from '../test-support/engine-fixture';
import { UsersService } from './users-service';

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
const SYSTEM = { id: null, name: 'system' };

describe.each(testBackends())('users on $name', (backend) => {
  let opened: OpenedTestStore;
  let users: UsersService;
  let sessions: SessionStore;
  let events: Array<[string, unknown]>;
  beforeEach(async () => {
    opened = await backend.open();
    sessions = new SessionStore(opened.store, () => 3_600_000);
    const bus = new EventBus();
    events = [];
    bus.on((name, payload) => events.push([name, payload]));
    users = new UsersService(opened.store, sessions, bus);
  });
  afterEach(() => opened.close());

  const create = (username: string, role: 'viewer' | 'operator' | 'admin') =>
    users.create({ username, displayName: username.toUpperCase(), role, password: PASSWORD, language: 'sv' }, SYSTEM);

  it('creates users, lists them by username, and refuses a taken username', async () => {
    await create('vera', 'viewer');
    await create('anna', 'admin');
    expect(await codeOf(create('vera', 'operator'))).toBe('users.username_taken');
    const list = await users.list();
    expect(list.map((u) => [u.username, u.role, u.disabled])).toEqual([
      ['anna', 'admin', false],
      ['vera', 'viewer', false],
    ]);
    const audit = await opened.store.all<{ action: string }>(sql`SELECT action FROM audit_log ORDER BY id`);
    expect(audit.map((r) => r.action)).toEqual(['users.create', 'users.create']);
  });

  it('keeps one active admin: neither demoted nor disabled while the last; one may go when another exists', async () => {
    const anna = await create('anna', 'admin');
    expect(await codeOf(users.update({ id: anna.id, role: 'viewer' }, SYSTEM))).toBe('users.last_admin');
    expect(await codeOf(users.update({ id: anna.id, disabled: true }, SYSTEM))).toBe('users.last_admin');
    expect(await codeOf(users.update({ id: anna.id, disabled: true }, { id: anna.id, name: 'anna' }))).toBe('users.self_disable');
    const bo = await create('bo', 'admin');
    expect((await users.update({ id: anna.id, role: 'operator', displayName: 'Anna' }, SYSTEM)).role).toBe('operator');
    expect(await codeOf(users.update({ id: bo.id, disabled: true }, SYSTEM))).toBe('users.last_admin');
    expect(await codeOf(users.update({ id: 999, displayName: 'x' }, SYSTEM))).toBe('not_found');
  });

  it('two demotions at once cannot both pass the last-admin rule', async () => {
    const anna = await create('anna', 'admin');
    const bo = await create('bo', 'admin');
    const results = await Promise.all([codeOf(users.update({ id: anna.id, role: 'viewer' }, SYSTEM)), codeOf(users.update({ id: bo.id, role: 'viewer' }, SYSTEM))]);
    expect(results.sort()).toEqual(['ok', 'users.last_admin']);
    expect((await users.list()).filter((u) => u.role === 'admin')).toHaveLength(1);
  });

  it('disabling ends the user’s sessions and says so; the disabled flag reads back as a boolean', async () => {
    await create('anna', 'admin');
    const erik = await create('erik', 'operator');
    const token = await sessions.create(erik.id, 'test');
    const disabled = await users.update({ id: erik.id, disabled: true }, SYSTEM);
    expect(disabled.disabled).toBe(true);
    expect(await sessions.peek(hashToken(token))).toBeNull();
    expect(events).toContainEqual(['session.ended', { reason: 'disabled' }]);
    expect((await users.update({ id: erik.id, disabled: false }, SYSTEM)).disabled).toBe(false);
  });

  it('sets a password (lifting a lock) and unlocks; both refuse an unknown user', async () => {
    const erik = await create('erik', 'operator');
    await opened.store.run(sql`UPDATE users SET failed_logins = 5, locked_until = ${Date.now() + 60_000} WHERE id = ${erik.id}`);
    expect((await users.list())[0]?.lockedUntil).not.toBeNull();
    expect((await users.unlock(erik.id, SYSTEM)).lockedUntil).toBeNull();
    await opened.store.run(sql`UPDATE users SET failed_logins = 5, locked_until = ${Date.now() + 60_000} WHERE id = ${erik.id}`);
    const token = await sessions.create(erik.id, 'test');
    await users.setPassword(erik.id, `${PASSWORD} two`, SYSTEM);
    expect((await users.list())[0]).toMatchObject({ lockedUntil: null, failedLogins: 0 });
    expect(await sessions.peek(hashToken(token))).toBeNull();
    expect(await codeOf(users.unlock(999, SYSTEM))).toBe('not_found');
    expect(await codeOf(users.setPassword(999, `${PASSWORD} two`, SYSTEM))).toBe('not_found');
  });
});
