/**
 * DNS rebinding: the console and its WebSocket answer only to the Host names this engine is
 * reached by. Real HTTP requests and WebSocket upgrades on loopback with forged Host headers.
 */
import { request } from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsShape, WS_PATH } from '../contract';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { rawUpgrade } from '../test-support/raw-websocket';
import { createHostCheck, ownNames } from './host-allowlist';

/** GET with a Host header of our choosing, always sent to 127.0.0.1. */
function get(url: string, host: string, path = '/healthz'): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const upgradeStatus = async (url: string, host: string) => {
  const raw = await rawUpgrade(url + WS_PATH, { Host: host });
  raw.socket.destroy();
  return raw.status;
};

describe('the Host rules', () => {
  const check = (lanAccess: boolean, extra = '') => createHostCheck({ port: () => 7420, lanAccess, extra: () => extra });

  it('allows loopback names on our port only, and nothing malformed', () => {
    const local = check(false);
    for (const host of ['127.0.0.1:7420', 'localhost:7420', 'LOCALHOST:7420', '[::1]:7420']) expect(local(host), host).toBe(true);
    for (const host of [undefined, '', 'localhost', 'localhost:80', '127.0.0.1:7421', 'evil.example:7420', 'localhost.:7420', 'a@localhost:7420', '127.0.0.1.evil.example:7420', 'localhost:7420/x'])
      expect(local(host), String(host)).toBe(false);
  });

  it("allows this machine's names and addresses only with LAN access", () => {
    const hostname = os.hostname().toLowerCase();
    const address = ownNames().find((n) => /^\d+\.\d+\.\d+\.\d+$/.test(n) && n !== '127.0.0.1');
    expect(check(false)(`${hostname}:7420`)).toBe(false);
    expect(check(true)(`${hostname}:7420`)).toBe(true);
    if (address) {
      expect(check(false)(`${address}:7420`)).toBe(false);
      expect(check(true)(`${address}:7420`)).toBe(true);
    }
    expect(check(true)('evil.example:7420')).toBe(false);
  });

  it("allows the admin's names: any port without one, that port with one", () => {
    const extra = check(false, 'larm.kommun.se, proxy.lan:8443');
    expect(extra('larm.kommun.se')).toBe(true);
    expect(extra('larm.kommun.se:443')).toBe(true);
    expect(extra('proxy.lan:8443')).toBe(true);
    expect(extra('proxy.lan:9000')).toBe(false);
    expect(extra('kommun.se')).toBe(false);
  });

  it('the setting refuses what is not a list of host names', () => {
    expect(settingsShape.allowedHosts.safeParse('a.example, b.example:8080, [fe80::1]').success).toBe(true);
    expect(settingsShape.allowedHosts.safeParse('http://a.example').success).toBe(false);
    expect(settingsShape.allowedHosts.safeParse('a.example/path').success).toBe(false);
  });
});

describe('the console server and the WebSocket', () => {
  let t: TestEngine;
  let port: string;
  beforeAll(async () => {
    t = await startTestEngine({ port: 0, env: { GDIAL_ALLOWED_HOSTS: 'larm.kommun.se' } });
    port = new URL(t.engine.url!).port;
  });
  afterAll(() => t.stop());

  it.each(['127.0.0.1', 'localhost', '[::1]'])('answers %s with its port', async (name) => {
    expect((await get(t.engine.url!, `${name}:${port}`)).status).toBe(200);
    expect(await upgradeStatus(t.engine.url!, `${name}:${port}`)).toBe('HTTP/1.1 101 Switching Protocols');
  });

  it.each(['evil.example', 'rebind.attacker.test', '127.0.0.1.nip.io', 'localhost:1', ...(os.hostname() === 'localhost' ? [] : [os.hostname()])])(
    'refuses Host %s with 421: no page, no socket',
    async (host) => {
      const host1 = host.includes(':') ? host : `${host}:${port}`;
      const page = await get(t.engine.url!, host1, '/');
      expect(page.status).toBe(421);
      expect(page.body).not.toContain('<html');
      expect((await get(t.engine.url!, host1)).status).toBe(421);
      expect(await upgradeStatus(t.engine.url!, host1)).toBe('HTTP/1.1 421 Misdirected Request');
    },
  );

  it('answers a name the admin listed (GDIAL_ALLOWED_HOSTS)', async () => {
    expect((await get(t.engine.url!, 'larm.kommun.se')).status).toBe(200);
    expect(await upgradeStatus(t.engine.url!, 'larm.kommun.se:443')).toBe('HTTP/1.1 101 Switching Protocols');
  });

  it('the webhook receiver is not restricted: Twilio reaches it by public names', async () => {
    const webhooks = t.engine.dispatch!.webhooks.url;
    // Unsigned, so refused by the signature check (403), not by the Host.
    const res = await new Promise<number>((resolve, reject) => {
      const { port: wp } = new URL(webhooks);
      const req = request({ host: '127.0.0.1', port: wp, method: 'POST', path: '/twilio/voice/status', headers: { Host: 'abc123.ngrok.app' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('CallSid=CA1');
    });
    expect(res).toBe(403);
  });
});

describe('with LAN access on', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ port: 0, env: { GDIAL_LAN_ACCESS: 'true' } });
  });
  afterAll(() => t.stop());

  it("answers this machine's own name and addresses, and still refuses foreign names", async () => {
    const port = new URL(t.engine.url!).port;
    expect(t.engine.host).toBe('0.0.0.0');
    expect((await get(t.engine.url!, `${os.hostname()}:${port}`)).status).toBe(200);
    for (const address of ownNames().filter((n) => /^\d+\.\d+\.\d+\.\d+$/.test(n))) {
      expect((await get(t.engine.url!, `${address}:${port}`)).status, address).toBe(200);
    }
    expect((await get(t.engine.url!, `evil.example:${port}`)).status).toBe(421);
    expect(await upgradeStatus(t.engine.url!, `evil.example:${port}`)).toBe('HTTP/1.1 421 Misdirected Request');
  });
});
