import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, methods, type MethodName } from '../contract';
import { PASSWORD, rowCounts, startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import type { Connection } from './router';
import { allows } from './router';

let t: TestEngine;
let admin: Connection;
let viewer: Connection;
let operator: Connection;

beforeAll(async () => {
  t = await startTestEngine();
  admin = await t.signedIn('admin');
  viewer = await t.signedIn('viewer');
  operator = await t.signedIn('operator');
});
afterAll(() => t.stop());

const above = (role: 'viewer' | 'operator') =>
  methodNames.filter((m) => methods[m].access !== 'public' && !allows(methods[m].access, role));

describe('router', () => {
  it('answers invalid input with a validation envelope naming the field, and writes nothing', async () => {
    const before = await rowCounts(t.engine);
    const result = await t.engine.router.call(admin, 'users.create', {
      username: 'x',
      displayName: '',
      role: 'superuser',
      password: '',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('validation');
    const paths = result.error.fields!.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'displayName', 'role', 'password']));
    expect(result.error.message).toContain('password');
    expect(await rowCounts(t.engine)).toEqual(before);
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const result = await t.engine.router.call(admin, 'templates.create', { name: 'Brand', color: 'red' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('refuses every method above the caller\'s role with forbidden, and writes nothing', async () => {
    const forViewer = above('viewer');
    expect(forViewer).toEqual(expect.arrayContaining(['templates.create', 'users.create', 'settings.update']));
    const before = await rowCounts(t.engine);
    for (const method of forViewer) {
      const result = await t.engine.router.call(viewer, method, {});
      expect(result, method).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    for (const method of above('operator')) {
      const result = await t.engine.router.call(operator, method, {});
      expect(result, method).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    expect(await rowCounts(t.engine)).toEqual(before);
  });

  it('lets an operator do operator work that a viewer may not', async () => {
    const result = await t.engine.router.call(operator, 'templates.create', { name: 'Provlarm', smsText: 'Test' });
    expect(result.ok).toBe(true);
    const refused = await t.engine.router.call(viewer, 'templates.create', { name: 'Other' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('answers unauthenticated to every non-public method without a session', async () => {
    const anonymous = t.engine.connect('test');
    const guarded = methodNames.filter((m) => methods[m].access !== 'public');
    expect(guarded.length).toBeGreaterThan(10);
    for (const method of guarded) {
      const result = await t.engine.router.call(anonymous, method as MethodName, {});
      expect(result, method).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    }
  });

  it('never sends fields the contract does not name (no password hashes)', async () => {
    const result = await t.engine.router.call(admin, 'users.list', {});
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/scrypt|passwordHash|password_hash/);
  });

  it('answers an unknown method with not_found', async () => {
    expect(await t.engine.router.call(admin, 'alerts.nuke', {})).toMatchObject({
      ok: false,
      error: { kind: 'not_found', code: 'rpc.unknown_method' },
    });
  });

  it('a connection loses its session when the session ends', async () => {
    const conn = t.engine.connect('test');
    await t.call(conn, 'auth.login', { username: 'admin', password: PASSWORD });
    expect((await t.call(conn, 'auth.me', {})).username).toBe('admin');
    await t.call(conn, 'auth.logout', {});
    expect(await t.engine.router.call(conn, 'auth.me', {})).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
  });
});
