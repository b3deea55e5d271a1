/**
 * Who may read /metrics: a program on this machine (a loopback peer that was not forwarded by a
 * proxy), or anyone presenting an API key allowed `metrics` (checked by the API part). The figures
 * say how many alerts run and whether the carrier answers: not for every host on the LAN.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Whether a peer address is this machine's loopback (IPv4, IPv6, or IPv4 mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return loopback.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return false;
  return loopback.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A reverse proxy on this machine connects from loopback on behalf of someone elsewhere; it says
 * so in these headers, and such a request needs a key like any other from outside.
 */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** `unavailable`: the key could not be checked (the database does not answer); loopback still reads. */
export type MetricsAccess = 'allowed' | 'unauthenticated' | 'forbidden' | 'unavailable';

/** `keyAllows`: the API part's answer for the request's key alone (api/start-api.ts keyAllowsMetrics). */
export async function metricsAccess(req: IncomingMessage, keyAllows: (req: IncomingMessage) => Promise<boolean>): Promise<MetricsAccess> {
  const forwarded = FORWARDED.some((h) => req.headers[h] !== undefined);
  if (!forwarded && isLoopbackAddress(req.socket.remoteAddress)) return 'allowed';
  let allowed: boolean;
  try {
    allowed = await keyAllows(req);
  } catch {
    // Not the key's fault: a monitor told 403 would think its key was revoked.
    return 'unavailable';
  }
  if (allowed) return 'allowed';
  // No key at all: say how to authenticate; a key that is not good enough: refused.
  return req.headers.authorization ? 'forbidden' : 'unauthenticated';
}
