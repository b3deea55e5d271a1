import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { envNameOf } from '../contract';
import { engineBackends, restartTestEngine, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { PASSWORD, startTestEngine, type TestEngine } from '../test-support/engine-fixture';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

let backend: EngineBackend;

describe('setting names', () => {
  it('maps each key to one GDIAL_ variable', () => {
    expect(envNameOf('lockoutMinutes')).toBe('GDIAL_LOCKOUT_MINUTES');
    expect(envNameOf('lanAccess')).toBe('GDIAL_LAN_ACCESS');
  });
});

describe.each(engineBackends())('settings on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('starts from defaults, stores what an admin changes, and survives a restart', async () => {
    t = await startTestEngineOn(backend);
    const admin = await t.signedIn('admin');
    const initial = await t.call(admin, 'settings.get', {});
    expect(initial.values).toMatchObject({ maxFailedLogins: 5, lockoutMinutes: 15, lanAccess: false, defaultLanguage: 'sv' });
    expect(initial.sources.lockoutMinutes).toBe('default');
    await t.call(admin, 'settings.update', { lockoutMinutes: 45 });
    await t.engine.stop();
    t = await restartTestEngine(t);
    const conn = t.engine.connect('t');
    await t.call(conn, 'auth.login', { username: 'admin', password: PASSWORD });
    const after = await t.call(conn, 'settings.get', {});
    expect(after.values.lockoutMinutes).toBe(45);
    expect(after.sources.lockoutMinutes).toBe('database');
  });

  it('changes only the keys sent: a partial update resets nothing else', async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_SESSION_HOURS: '4' } });
    const admin = await t.signedIn('admin');
    await t.call(admin, 'settings.update', { maxFailedLogins: 7 });
    await t.call(admin, 'settings.update', { lockoutMinutes: 20 });
    const view = await t.call(admin, 'settings.get', {});
    expect(view.values).toMatchObject({ maxFailedLogins: 7, lockoutMinutes: 20, sessionHours: 4 });
    expect(view.sources).toMatchObject({ maxFailedLogins: 'database', lockoutMinutes: 'database', defaultLanguage: 'default' });
  });

  it('refuses an out-of-range value naming the field and stores nothing', async () => {
    t = await startTestEngineOn(backend);
    const admin = await t.signedIn('admin');
    const result = await t.engine.router.call(admin, 'settings.update', { maxFailedLogins: 0 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation', fields: [{ path: 'maxFailedLogins' }] } });
    expect((await t.call(admin, 'settings.get', {})).values.maxFailedLogins).toBe(5);
  });

  it('lets the environment win, shows it as such, and refuses to change it from the console', async () => {
    t = await startTestEngineOn(backend, { env: { GDIAL_SESSION_HOURS: '4', GDIAL_LAN_ACCESS: 'false' } });
    const admin = await t.signedIn('admin');
    const view = await t.call(admin, 'settings.get', {});
    expect(view.values.sessionHours).toBe(4);
    expect(view.sources.sessionHours).toBe('environment');
    expect(view.restartRequired).toContain('lanAccess');
    expect(await t.engine.router.call(admin, 'settings.update', { sessionHours: 10 })).toMatchObject({
      ok: false,
      error: { kind: 'conflict', code: 'settings.fixed_by_env' },
    });
  });

  it('binds every interface only when an admin enables LAN access', async () => {
    t = await startTestEngineOn(backend, { port: 0, env: { GDIAL_LAN_ACCESS: 'true' } });
    expect(t.engine.host).toBe('0.0.0.0');
  });
});

// PostgreSQL only: several workstations share one database only there.
describe.each(engineBackends().filter((b) => b.name === 'postgres'))('settings shared by workstations on $name', (pg) => {
  let other: TestEngine | null = null;
  afterEach(async () => {
    await other?.stop();
    other = null;
  });

  it('a setting an admin changes on one workstation applies on another within seconds, without a restart', async () => {
    const shared = { env: { GDIAL_AUDIT_KEY: 'settings-test-shared-audit-key-0123456789' } };
    t = await startTestEngineOn(pg, shared);
    const admin = await t.signedIn('admin');
    other = await startTestEngine({ ...shared, databaseUrl: t.databaseUrl });
    const conn = other.engine.connect('t');
    await other.call(conn, 'auth.login', { username: 'admin', password: PASSWORD });
    expect((await other.call(conn, 'settings.get', {})).values.callsPerSecond).not.toBe(7);
    await t.call(admin, 'settings.update', { callsPerSecond: 7 });
    const until = Date.now() + 10_000;
    while ((await other.call(conn, 'settings.get', {})).values.callsPerSecond !== 7 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect((await other.call(conn, 'settings.get', {})).values.callsPerSecond).toBe(7);
  });
});
