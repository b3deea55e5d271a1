import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFrame, Envelope, User } from '@contract';
import { ApiError } from './api-error';
import { createClient, memoryTokenStore } from './client';
import type { ApiClient, TokenStore } from './client';
import { createSocket, startPeer, until } from './test-peer';
import type { TestPeer } from './test-peer';
import type { Transport } from './transport';
import { createWsTransport } from './ws-transport';

const user: User = {
  id: 1,
  username: 'anna',
  displayName: 'Anna',
  role: 'admin',
  disabled: false,
  lockedUntil: null,
  failedLogins: 0,
  language: 'sv',
  colorScheme: 'auto',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastLoginAt: null,
};

/** A minimal engine: one valid token, and a wrong password for everything else. */
function engine(frame: ClientFrame): Envelope<unknown> {
  const input = frame.input as Record<string, unknown>;
  switch (frame.method) {
    case 'auth.login':
      return input.password === 'right'
        ? { ok: true, value: { token: 'token-123456', user } }
        : { ok: false, error: { kind: 'unauthenticated', message: 'Wrong username or password', code: 'auth.invalid_credentials' } };
    case 'auth.resume':
      return input.token === 'token-123456'
        ? { ok: true, value: user }
        : { ok: false, error: { kind: 'unauthenticated', message: 'Session expired' } };
    case 'settings.update':
      return { ok: false, error: { kind: 'validation', message: 'bad', fields: [{ path: 'lockoutMinutes', message: 'too big' }] } };
    default:
      return { ok: true, value: { ok: true } };
  }
}

let peer: TestPeer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  transport?.close();
  await peer?.stop();
});

async function setup(token: string | null = null): Promise<{ api: ApiClient; tokens: TokenStore; peer: TestPeer }> {
  peer = await startPeer(engine);
  transport = createWsTransport({ url: peer.url, createSocket, minDelayMs: 20, maxDelayMs: 100 });
  const tokens = memoryTokenStore();
  tokens.set(token);
  return { api: createClient(transport, tokens), tokens, peer };
}

describe('API client', () => {
  it('keeps the token from auth.login and resumes with it after the engine restarts', async () => {
    const { api, tokens, peer: p } = await setup();
    await api.call('auth.login', { username: 'anna', password: 'right' });
    expect(tokens.get()).toBe('token-123456');
    const users: User[] = [];
    api.subscribe('session.user', (u) => users.push(u));
    await p.stop();
    await until(() => api.connection.get() === 'reconnecting');
    await p.start();
    await api.call('auth.me', {});
    expect(p.calls.map((c) => c.method)).toEqual(['auth.login', 'auth.resume', 'auth.me']);
    expect(users).toEqual([user]);

    await api.call('auth.logout', {});
    expect(tokens.get()).toBeNull();
  });

  it('throws ApiError with kind, code and field messages', async () => {
    const { api } = await setup();
    const wrong = await api.call('auth.login', { username: 'anna', password: 'wrong' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ApiError);
    expect(wrong).toMatchObject({ kind: 'unauthenticated', code: 'auth.invalid_credentials' });
    const invalid = (await api.call('settings.update', { lockoutMinutes: 99999 }).catch((e: unknown) => e)) as ApiError;
    expect(invalid.fieldMessage('lockoutMinutes')).toBe('too big');
  });

  it('drops a token the engine no longer knows and reports the session as ended', async () => {
    const { api, tokens } = await setup('stale-token-1234');
    const ended: string[] = [];
    api.subscribe('session.ended', (e) => ended.push(e.reason));
    await api.call('auth.status', {});
    expect(tokens.get()).toBeNull();
    expect(ended).toEqual(['expired']);
  });

  it('forgets the token when the engine ends the session, and ignores events the contract does not describe', async () => {
    const { api, tokens, peer: p } = await setup();
    await api.call('auth.login', { username: 'anna', password: 'right' });
    const ended: string[] = [];
    api.subscribe('session.ended', (e) => ended.push(e.reason));
    p.push('session.ended', { reason: 'not-a-reason' });
    p.push('session.ended', { reason: 'disabled' });
    await until(() => ended.length > 0);
    expect(ended).toEqual(['disabled']);
    expect(tokens.get()).toBeNull();
  });
});
