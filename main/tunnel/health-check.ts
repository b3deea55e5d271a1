/**
 * The public URL's end-to-end check: a request signed exactly as Twilio would sign it goes out
 * through the tunnel or proxy and must come back to this engine's receiver, which echoes the nonce.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { WebhookStatus } from '../contract';

export type PublicUrlHealth = NonNullable<WebhookStatus['health']>;

/** Twilio itself gives a webhook 15 s; a healthy path answers in well under that. */
const DEFAULT_TIMEOUT_MS = 10_000;

export const SIGNATURE_REFUSED =
  'the public URL reaches a server that does not accept our signature — wrong URL, or a proxy that rewrites the path/host';

const DNS = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA'];
const CUT = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED'];
const NO_ROUTE = ['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN'];
const TLS = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO)/;

function unreachable(error: unknown, url: URL, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code ?? '';
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return `no answer from the public URL within ${timeoutMs / 1000} s: the tunnel or proxy does not pass requests on to GDial, or the network is very slow`;
  }
  const unreached = 'cannot reach the public URL:';
  if (DNS.includes(code)) {
    return `${unreached} the name ${url.hostname} cannot be looked up (DNS) — check the URL and this computer's internet connection`;
  }
  if (code === 'ECONNREFUSED') {
    return `${unreached} nothing accepts connections at ${url.host} — the tunnel or reverse proxy is not running, or the port is wrong`;
  }
  if (NO_ROUTE.includes(code)) return `${unreached} ${url.hostname} cannot be reached from this computer (no route) — check the network`;
  if (CUT.includes(code)) return `${unreached} ${url.host} closed the connection before answering — the tunnel or proxy dropped it`;
  if (TLS.test(code)) return `${unreached} its HTTPS certificate is not valid (${code}) — Twilio will refuse it too; fix the proxy's certificate`;
  return `${unreached} ${e.cause?.message ?? e.message ?? String(error)}`;
}

function wrongAnswer(status: number, body: string, nonce: string, location: string | null): string | null {
  if (status === 200) return body === nonce ? null : 'something else answers at the public URL (HTTP 200, but not GDial\'s reply) — the URL leads to another server, not this GDial';
  if (status === 403) return SIGNATURE_REFUSED;
  if (status >= 300 && status < 400) {
    return `the public URL redirects (HTTP ${status} to ${location ?? '?'}) — enter the final address: Twilio signs the exact URL it calls`;
  }
  if (status === 404) return 'the public URL answered HTTP 404 — its path does not lead to GDial\'s receiver, or the tunnel behind it is offline';
  if (status === 502 || status === 503 || status === 504) {
    return `the public URL answered HTTP ${status} — the tunnel or proxy is up but cannot reach GDial's receiver on this computer`;
  }
  return `the public URL answered HTTP ${status} instead of GDial's reply`;
}

export async function checkPublicUrl(opts: {
  base: string;
  authToken: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
}): Promise<PublicUrlHealth> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  const result = (error: string | null, answered: boolean): PublicUrlHealth => ({
    ok: error === null,
    checkedAt: new Date((opts.now ?? Date.now)()).toISOString(),
    latencyMs: answered ? Math.round(performance.now() - started) : null,
    error,
  });
  const target = `${opts.base}/twilio/health`;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return result(`the public URL "${opts.base}" is not a valid URL`, false);
  }
  const params = { Nonce: randomBytes(16).toString('hex') };
  let status: number;
  let body: string;
  let location: string | null;
  try {
    const res = await (opts.fetchImpl ?? fetch)(target, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(opts.authToken, target, params),
        'User-Agent': 'TwilioProxy/1.1',
      },
      body: new URLSearchParams(params).toString(),
      // Twilio's signature covers the URL it was given; following a redirect here would hide that mismatch.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    location = res.headers.get('location');
    body = await res.text();
  } catch (error) {
    return result(unreachable(error, url, timeoutMs), false);
  }
  return result(wrongAnswer(status, body, params.Nonce, location), true);
}
