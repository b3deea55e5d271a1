/**
 * When a session ends, every socket that carries it hears `session.ended` once, gets no event
 * after that, and is closed: logout (in another tab), expiry, a disabled user, a changed or
 * reset password. Real WebSocket clients on loopback against a real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { settlesWithin, wsClient, type WsTestClient } from '../test-support/ws-client';
import { SESSION_ENDED_CLOSE } from './ws-transport';

const NEW_PASSWORD = 'Ljusstake-Tavla-9183-Korp';
let t: TestEngine;
let admin: WsTestClient;
let contactNo = 0;

beforeAll(async () => {
  t = await startTestEngine({ port: 0 });
  admin = await wsClient(t.engine.url!);
  expect(await admin.call('auth.setup', { username: 'admin', displayName: 'Admin', password: PASSWORD })).toMatchObject({ ok: true });
});
afterAll(async () => {
  admin?.ws.close();
  await t.stop();
});

/** A broadcast event every signed-in console receives (a new contact). */
async function broadcast(): Promise<void> {
  expect(await admin.call('contacts.create', { name: `Kontakt ${++contactNo}` })).toMatchObject({ ok: true });
}

/** A new user signed in on one socket, and the same session resumed on a second (another tab). */
async function userWithTwoTabs(role: 'viewer' | 'operator' = 'operator') {
  const username = `user${Math.random().toString(36).slice(2, 8)}`;
  const created = await admin.call('users.create', { username, displayName: username, role, password: PASSWORD });
  const id = (created as { ok: true; value: { id: number } }).value.id;
  const tab1 = await wsClient(t.engine.url!);
  const login = await tab1.call('auth.login', { username, password: PASSWORD });
  const token = (login as { ok: true; value: { token: string } }).value.token;
  const tab2 = await wsClient(t.engine.url!);
  expect(await tab2.call('auth.resume', { token })).toMatchObject({ ok: true });
  // Both tabs receive events while the session lives.
  await broadcast();
  expect(await tab1.eventNamed('contacts.changed')).not.toBeNull();
  expect(await tab2.eventNamed('contacts.changed')).not.toBeNull();
  return { id, username, token, tab1, tab2 };
}

/** The socket got `session.ended` with this reason, was closed, and heard nothing after it. */
async function expectEnded(tab: WsTestClient, reason: string) {
  expect(await tab.closed).toBe(SESSION_ENDED_CLOSE);
  const ended = tab.events.findIndex((e) => e.name === 'session.ended');
  expect(tab.events[ended]).toEqual({ name: 'session.ended', payload: { reason } });
  expect(tab.events.slice(ended + 1)).toEqual([]);
  expect(tab.events.filter((e) => e.name === 'session.ended')).toHaveLength(1);
}

describe('ended sessions', () => {
  it('logout: the other tab of that session is told, gets nothing more and is closed', async () => {
    const { tab1, tab2 } = await userWithTwoTabs();
    expect(await tab1.call('auth.logout')).toMatchObject({ ok: true });
    await expectEnded(tab2, 'logout');
    // The tab that signed out stays connected but signed out: no events reach it either.
    const before = tab1.events.length;
    await broadcast();
    expect(await settlesWithin(tab1.closed, 300)).toBe(false);
    expect(tab1.events.slice(before)).toEqual([]);
    tab1.ws.close();
  });

  it('expiry: a session that ended in the database (another workstation, an admin) is closed within seconds, and hears nothing after', async () => {
    const { token, tab1, tab2 } = await userWithTwoTabs();
    const { hashToken } = await import('../auth/sessions');
    t.engine.db.$client.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(Date.now() - 1000, hashToken(token));
    // No event and no call is needed: the engine re-reads the sessions it serves every few seconds.
    await expectEnded(tab1, 'expired');
    await expectEnded(tab2, 'expired');
    const before = tab1.events.length;
    await broadcast();
    expect(tab1.events).toHaveLength(before);
  });

  it('a disabled user: every tab is told and closed', async () => {
    const { id, tab1, tab2 } = await userWithTwoTabs();
    expect(await admin.call('users.update', { id, disabled: true })).toMatchObject({ ok: true });
    await expectEnded(tab1, 'disabled');
    await expectEnded(tab2, 'disabled');
  });

  it('a password reset by an admin: every tab is told and closed', async () => {
    const { id, tab1, tab2 } = await userWithTwoTabs();
    expect(await admin.call('users.setPassword', { id, password: NEW_PASSWORD })).toMatchObject({ ok: true });
    await expectEnded(tab1, 'password_changed');
    await expectEnded(tab2, 'password_changed');
  });

  it('an own password change: other sessions end, the one that changed it carries on', async () => {
    const { username, tab1: elsewhere } = await userWithTwoTabs();
    const here = await wsClient(t.engine.url!);
    expect(await here.call('auth.login', { username, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await here.call('auth.changePassword', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).toMatchObject({ ok: true });
    await expectEnded(elsewhere, 'password_changed');
    await broadcast();
    expect(await here.eventNamed('contacts.changed')).not.toBeNull();
    expect(await settlesWithin(here.closed, 200)).toBe(false);
    here.ws.close();
  });

  it('a socket whose session ended is signed out if it reconnects with the old token', async () => {
    const { token, tab1, tab2 } = await userWithTwoTabs();
    expect(await tab1.call('auth.logout')).toMatchObject({ ok: true });
    await tab2.closed;
    const again = await wsClient(t.engine.url!);
    expect(await again.call('auth.resume', { token })).toMatchObject({ ok: false, error: { code: 'auth.session_ended' } });
    await broadcast();
    expect(await settlesWithin(again.closed, 200)).toBe(false);
    expect(again.events).toEqual([]);
    again.ws.close();
    tab1.ws.close();
  });
});
