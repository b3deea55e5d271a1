/** The ngrok tunnel with a fake ngrok that opens a real loopback proxy: options, failures in operator words, no leaked tunnels. */
import { afterEach, describe, expect, it } from 'vitest';
import { createNgrokTunnel, NGROK_AUTHTOKEN_MISSING } from './ngrok-tunnel';
import { ngrokErrorMessage } from './ngrok-errors';
import { fakeNgrok } from './testing/fake-ngrok';
import type { TunnelPort } from './tunnel-port';

const AUTHTOKEN = '2abcDEFghiJKLmnoPQRstuVWXyz_1234567890abcdefghij';
const tunnels: TunnelPort[] = [];
afterEach(async () => {
  await Promise.all(tunnels.splice(0).map((t) => t.stop()));
});

const open = (opts: Parameters<typeof createNgrokTunnel>[0]) => {
  const tunnel = createNgrokTunnel(opts);
  tunnels.push(tunnel);
  return tunnel;
};

const ngrokError = (message: string) => {
  const code = /error_code: (ERR_NGROK_\d+)$/.exec(message)?.[1];
  return Object.assign(new Error(message), code ? { errorCode: code } : {});
};

describe('createNgrokTunnel', () => {
  it('forwards to the loopback port with the authtoken and the reserved domain, and returns the public URL', async () => {
    const fake = fakeNgrok();
    const tunnel = open({ port: 7421, authtoken: ` ${AUTHTOKEN} `, domain: 'https://GDial-kommun.ngrok.app/', ngrok: fake.ngrok });
    const base = await tunnel.start();
    expect(base).toBe(fake.listeners[0]!.url);
    expect(fake.calls[0]).toMatchObject({ addr: '127.0.0.1:7421', authtoken: AUTHTOKEN, domain: 'gdial-kommun.ngrok.app' });
    await tunnel.stop();
    expect(fake.open()).toBe(0);
  });

  it('asks for no domain when none is reserved (ngrok picks a random one)', async () => {
    const fake = fakeNgrok();
    await open({ port: 7421, authtoken: AUTHTOKEN, domain: '', ngrok: fake.ngrok }).start();
    expect(fake.calls[0]).not.toHaveProperty('domain');
  });

  it('refuses to start without an authtoken, with where to set it', async () => {
    const fake = fakeNgrok();
    await expect(open({ port: 7421, authtoken: null, domain: '', ngrok: fake.ngrok }).start()).rejects.toThrow(NGROK_AUTHTOKEN_MISSING);
    await expect(open({ port: 7421, authtoken: '  ', domain: '', ngrok: fake.ngrok }).start()).rejects.toThrow(
      'ngrok needs an authtoken: set it in Inställningar → Publik adress och tunnel or GDIAL_NGROK_AUTHTOKEN',
    );
    expect(fake.calls).toHaveLength(0);
  });

  it('translates a refused authtoken without repeating it', async () => {
    const fail = ngrokError(
      `failed to connect session: authentication failed: The authtoken you specified does not look like a proper ngrok authtoken.\nYour authtoken: ${AUTHTOKEN}\n\nerror_code: ERR_NGROK_105`,
    );
    const start = open({ port: 7421, authtoken: AUTHTOKEN, domain: '', ngrok: fakeNgrok({ fail }).ngrok }).start();
    const error = (await start.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^ngrok refused the authtoken \(ERR_NGROK_105\)/);
    expect(error.message).not.toContain(AUTHTOKEN);
  });

  it('translates a domain this account has not reserved', async () => {
    const fail = ngrokError('failed to start tunnel: You must reserve a custom hostname for your account\n\nerror_code: ERR_NGROK_319');
    const start = open({ port: 7421, authtoken: AUTHTOKEN, domain: 'gdial.example.org', ngrok: fakeNgrok({ fail }).ngrok }).start();
    await expect(start).rejects.toThrow(/^gdial\.example\.org is not reserved in this ngrok account \(ERR_NGROK_319\): reserve it/);
  });

  it('times out when ngrok never connects, and closes a tunnel that opens too late', async () => {
    let release: (() => void) | undefined;
    const fake = fakeNgrok();
    const late = {
      forward: (config: Parameters<typeof fake.ngrok.forward>[0]) =>
        new Promise<void>((resolve) => (release = resolve)).then(() => fake.ngrok.forward(config)),
    };
    const start = open({ port: 7421, authtoken: AUTHTOKEN, domain: '', ngrok: late, startTimeoutMs: 50 }).start();
    await expect(start).rejects.toThrow(/^ngrok did not connect within 0\.05 s: no internet connection/);
    release?.();
    await expect.poll(() => fake.listeners.length).toBe(1);
    await expect.poll(() => fake.open()).toBe(0);
  });

  it('stops while starting: start() rejects at once, stop() waits only a bounded time for ngrok', async () => {
    const tunnel = open({ port: 7421, authtoken: AUTHTOKEN, domain: '', ngrok: fakeNgrok({ hang: true }).ngrok, startTimeoutMs: 200 });
    const start = tunnel.start();
    const rejected = expect(start).rejects.toThrow('the ngrok tunnel was stopped while it was starting');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const stopped = tunnel.stop();
    await rejected;
    await stopped;
  });
});

describe('ngrokErrorMessage', () => {
  const ctx = { authtoken: AUTHTOKEN, domain: 'gdial.ngrok.app' };
  it.each([
    ['ERR_NGROK_107', /^ngrok refused the authtoken/],
    ['ERR_NGROK_108', /^the ngrok account is already online elsewhere/],
    ['ERR_NGROK_334', /^gdial\.ngrok\.app is already online in another ngrok session/],
    ['ERR_NGROK_320', /^gdial\.ngrok\.app belongs to another ngrok account/],
    ['ERR_NGROK_4018', /^ngrok needs an authtoken/],
    ['ERR_NGROK_999', /^ngrok failed \(ERR_NGROK_999\): something new/],
  ])('%s', (code, expected) => {
    expect(ngrokErrorMessage(ngrokError(`something new\n\nerror_code: ${code}`), ctx)).toMatch(expected);
  });

  it('never repeats the authtoken, even in a message it does not know', () => {
    const message = ngrokErrorMessage(new Error(`odd failure for ${AUTHTOKEN}`), ctx);
    expect(message).toBe('ngrok failed: odd failure for [redacted]');
  });

  it('reads the real library offline ("failed to establish tcp connection") as a connection problem', () => {
    // Observed from @ngrok/ngrok 1.7 on a machine without internet: it fails within ~50 ms, no error code.
    const message = ngrokErrorMessage(new Error('failed to connect session: failed to establish tcp connection'), ctx);
    expect(message).toBe(
      'ngrok cannot reach its service: no internet connection, or a firewall blocks outbound HTTPS to ngrok (failed to connect session: failed to establish tcp connection)',
    );
  });

  it('reads a DNS failure to reach ngrok as a connection problem', () => {
    const message = ngrokErrorMessage(new Error('failed to connect session: failed to resolve connect.ngrok-agent.com: dns error'), ctx);
    expect(message).toMatch(/^ngrok cannot reach its service: no internet connection/);
  });
});
