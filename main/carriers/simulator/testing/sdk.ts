/** Test support: the official Twilio SDK, pointed at a simulator instead of api.twilio.com. */
import twilio from 'twilio';
import type { Simulator } from '../simulator';

/**
 * Every REST call of the api domain (Calls, Messages, their list pages) is built from
 * `client.api.baseUrl`, so replacing it is enough. Do not set `edge`/`region` (or TWILIO_EDGE /
 * TWILIO_REGION): the SDK would rewrite the host name into `127.<region>.0.1`.
 */
export function sdkFor(sim: Pick<Simulator, 'url' | 'accountSid' | 'authToken'>, opts: { timeout?: number; authToken?: string } = {}) {
  const client = twilio(sim.accountSid, opts.authToken ?? sim.authToken, { timeout: opts.timeout ?? 5_000, autoRetry: false });
  client.api.baseUrl = sim.url;
  return client;
}

export const FAST = {
  latencyMs: { min: 0, max: 0 },
  ringMs: { min: 0, max: 0 },
  talkMs: { min: 0, max: 0 },
  timeScale: 0,
} as const;
