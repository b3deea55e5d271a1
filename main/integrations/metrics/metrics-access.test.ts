// Who may read /metrics, decided from the peer address and headers (the real-HTTP cases, loopback,
// a forwarded request and a LAN peer, are in metrics.test.ts).
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, metricsAccess } from './metrics-access';

const request = (remoteAddress: string | undefined, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('the loopback rule', () => {
  it('knows loopback in IPv4, IPv6 and IPv4-mapped form, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['192.0.2.2', '10.0.0.7', '::ffff:10.0.0.7', 'fd00::2', 'fe80::1', '::', '0.0.0.0', '128.0.0.1', 'localhost', '', undefined]) {
      expect(isLoopbackAddress(a), String(a)).toBe(false);
    }
  });
});

describe('metricsAccess', () => {
  const never = async () => false;
  const always = async () => true;

  it('lets a loopback peer read without asking for a key', async () => {
    let asked = false;
    expect(await metricsAccess(request('127.0.0.1'), async () => (asked = true))).toBe('allowed');
    expect(await metricsAccess(request('::ffff:127.0.0.1'), never)).toBe('allowed');
    expect(asked).toBe(false);
  });

  it('refuses a LAN peer: 401 without a key, 403 with a key the API part does not allow; allows one it does', async () => {
    expect(await metricsAccess(request('192.0.2.50'), never)).toBe('unauthenticated');
    expect(await metricsAccess(request('192.0.2.50', { authorization: 'Bearer gdk_x' }), never)).toBe('forbidden');
    expect(await metricsAccess(request('192.0.2.50', { authorization: 'Bearer gdk_x' }), always)).toBe('allowed');
  });

  it('treats a loopback request that a proxy forwarded as coming from elsewhere: the key decides', async () => {
    for (const header of ['forwarded', 'x-forwarded-for', 'x-real-ip']) {
      expect(await metricsAccess(request('127.0.0.1', { [header]: '203.0.113.9' }), never), header).toBe('unauthenticated');
      expect(await metricsAccess(request('127.0.0.1', { [header]: '203.0.113.9', authorization: 'Bearer gdk_y' }), never), header).toBe('forbidden');
      expect(await metricsAccess(request('127.0.0.1', { [header]: '203.0.113.9', authorization: 'Bearer gdk_y' }), always), header).toBe('allowed');
    }
  });

  it('a key check that fails (the database away) is unavailable, not a refusal of the key', async () => {
    const broken = async () => {
      throw new Error('database away');
    };
    expect(await metricsAccess(request('192.0.2.50', { authorization: 'Bearer gdk_z' }), broken)).toBe('unavailable');
  });
});
