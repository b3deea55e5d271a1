/**
 * How the Twilio adapter can point the official SDK at the simulator. Both ways are pinned here so
 * an SDK upgrade that breaks one is caught.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { FAST } from './testing/sdk';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ ...FAST, outcomes: { answer: 0, busy: 1, noAnswer: 0, voicemail: 0, failed: 0 } });
});
afterAll(() => sim.stop());

/** Rewrites https://api.twilio.com to the simulator for every request, list pages included. */
class RedirectingClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super({ keepAlive: true, timeout: 5_000 });
  }
  override request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, this.base) });
  }
}

async function exercise(client: twilio.Twilio) {
  for (let i = 0; i < 3; i++) await client.calls.create({ to: '+46701234567', from: '+46101234567', twiml: '<Response/>' });
  const m = await client.messages.create({ to: '+46701234567', from: '+46101234567', body: 'hej' });
  // pageSize 2 forces the SDK to follow next_page_uri, which it makes absolute with the domain.
  const listed = await client.calls.list({ to: '+46701234567', pageSize: 2 });
  return { listed: listed.length, message: (await client.messages(m.sid).fetch()).sid === m.sid };
}

describe('pointing the twilio SDK at the simulator', () => {
  it('works by setting client.api.baseUrl', async () => {
    sim.reset();
    const client = twilio(sim.accountSid, sim.authToken);
    client.api.baseUrl = sim.url;
    expect(await exercise(client)).toEqual({ listed: 3, message: true });
  });

  it('works with a custom httpClient that rewrites the host', async () => {
    sim.reset();
    const client = twilio(sim.accountSid, sim.authToken, { httpClient: new RedirectingClient(sim.url) });
    expect(await exercise(client)).toEqual({ listed: 3, message: true });
  });

  it('does not work with the region option: the SDK rewrites the loopback host', () => {
    const client = twilio(sim.accountSid, sim.authToken, { region: 'ie1' });
    expect(client.getHostname('127.0.0.1', undefined, 'ie1')).toBe('127.ie1.0.1');
  });
});
