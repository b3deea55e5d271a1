/**
 * The Twilio-facing receiver: TwiML for calls, digits pressed, status callbacks. Bound to
 * 127.0.0.1; Twilio reaches it through a tunnel or a reverse proxy. Every POST must carry a
 * valid X-Twilio-Signature for the carrier account's token, or it is refused and changes nothing.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { throttledWarn, type Logger } from '../log';
import { endBadClient } from '../server/client-errors';
import { answerHealth, type HealthPort } from '../server/health';

export interface WebhookHandlers {
  twiml(attemptId: number, params: Record<string, string>, query: URLSearchParams): string | Promise<string>;
  gather(attemptId: number, params: Record<string, string>, query: URLSearchParams): string | Promise<string>;
  /** Status callbacks may wait for a shared commit before the carrier hears 204. */
  callStatus(attemptId: number | null, params: Record<string, string>): void | Promise<void>;
  amd(attemptId: number | null, params: Record<string, string>): void | Promise<void>;
  smsStatus(attemptId: number | null, params: Record<string, string>): void | Promise<void>;
  /** The TwiML answer to an inbound text, sent once it is recorded. */
  smsInbound(params: Record<string, string>): string | Promise<string>;
  /**
   * Whether an attempt id names an attempt in the ledger. A signed callback for one that does not
   * (a restored older database, another install's account) is answered 2xx and logged, never
   * applied to it. Omitted: every id counts as known.
   */
  knowsAttempt?(attemptId: number): boolean | Promise<boolean>;
}

export interface WebhookServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

/** A body over MAX_BODY: no carrier sends one, so it is a stranger's, answered 413 and closed. */
class BodyTooLarge extends Error {}

function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge('body too large'));
      }
    });
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(body))));
    req.on('error', reject);
  });
}

const send = (res: ServerResponse, status: number, type: string, body: string) =>
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);

function serveAudio(res: ServerResponse, file: string | null, method: string): void {
  if (!file) return void send(res, 404, 'text/plain', 'not found');
  res.writeHead(200, { 'Content-Type': 'audio/wav', 'Cache-Control': 'private, max-age=3600' });
  if (method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

export async function startWebhookServer(opts: {
  port: number;
  handlers: WebhookHandlers;
  /** Auth tokens of the carrier accounts that may sign callbacks (Twilio, the simulator). */
  authTokens: () => string[];
  /** The file behind an audio id (`/audio/<id>.wav`), or null. Ids are unguessable: Twilio fetches media unsigned. */
  audioFile?: (id: string) => string | null | Promise<string | null>;
  /** Public base URLs the carrier may have used (current first; older ones stay valid for calls in flight). */
  publicBases: () => string[];
  /** `/healthz` and `/readyz` for a proxy in front of several engines (server/health.ts). */
  health?: HealthPort;
  log: Logger;
}): Promise<WebhookServer> {
  // Anyone on the Internet can post here: refusals are logged, but a flood only as a count.
  const forged = throttledWarn(opts.log, 'webhook with a bad or missing signature refused');
  const tooLarge = throttledWarn(opts.log, 'webhook body over 64 kB refused');
  const unknown = throttledWarn(opts.log, 'signed webhook names an attempt that does not exist; answered and ignored');
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && answerHealth(url.pathname, res, opts.health)) return;
      const audio = /^\/audio\/([0-9a-f]{64})\.wav$/.exec(url.pathname);
      if (audio && (req.method === 'GET' || req.method === 'HEAD')) return serveAudio(res, (await opts.audioFile?.(audio[1]!)) ?? null, req.method);
      if (req.method !== 'POST' || !url.pathname.startsWith('/twilio/')) return send(res, 404, 'text/plain', 'not found');
      const params = await readForm(req);
      const signature = String(req.headers['x-twilio-signature'] ?? '');
      const signed =
        signature !== '' &&
        opts.authTokens().some((token) => opts.publicBases().some((base) => twilio.validateRequest(token, signature, `${base}${req.url}`, params)));
      if (!signed) {
        forged.note({ path: url.pathname });
        return send(res, 403, 'text/plain', 'forbidden');
      }
      const attempt = url.searchParams.has('attempt') ? Number(url.searchParams.get('attempt')) : null;
      let attemptId = attempt !== null && Number.isSafeInteger(attempt) && attempt > 0 ? attempt : null;
      if (attempt !== null && (attemptId === null || (await opts.handlers.knowsAttempt?.(attemptId)) === false)) {
        // Never a 500 (the carrier would retry) and never a row pointing nowhere: a status is
        // still recorded and matched by its SID, a call is hung up.
        unknown.note({ path: url.pathname, attempt: url.searchParams.get('attempt')?.slice(0, 40) });
        attemptId = null;
      }
      const xml = 'text/xml; charset=utf-8';
      switch (url.pathname) {
        case '/twilio/voice/twiml':
          return send(res, 200, xml, attemptId ? await opts.handlers.twiml(attemptId, params, url.searchParams) : HANGUP);
        case '/twilio/voice/gather':
          return send(res, 200, xml, attemptId ? await opts.handlers.gather(attemptId, params, url.searchParams) : HANGUP);
        case '/twilio/voice/status':
          await opts.handlers.callStatus(attemptId, params);
          return send(res, 204, 'text/plain', '');
        case '/twilio/voice/amd':
          // Answered at once: redirecting the call to the voicemail message happens after.
          void Promise.resolve(opts.handlers.amd(attemptId, params)).catch((error: unknown) => opts.log.warn({ err: error }, 'AMD handling failed'));
          return send(res, 204, 'text/plain', '');
        case '/twilio/sms/status':
          await opts.handlers.smsStatus(attemptId, params);
          return send(res, 204, 'text/plain', '');
        case '/twilio/sms/inbound':
          return send(res, 200, xml, await opts.handlers.smsInbound(params));
        case '/twilio/health':
          // The public URL's end-to-end check: only a correctly signed request gets its nonce back.
          return send(res, 200, 'text/plain', params.Nonce ?? '');
        default:
          return send(res, 404, 'text/plain', 'not found');
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        tooLarge.note({ path: req.url?.slice(0, 100) });
        // The rest of the body is never read: the connection ends once the answer is out.
        res.on('finish', () => req.socket.destroy());
        if (!res.headersSent) res.writeHead(413, { Connection: 'close', 'Content-Type': 'text/plain' }).end('too large');
        return;
      }
      opts.log.error({ err: error }, 'webhook failed');
      if (!res.headersSent) send(res, 500, 'text/plain', 'error');
    }
  });
  server.keepAliveTimeout = 65_000;
  // A malformed request or a vanished peer ends that connection, never the engine.
  server.on('clientError', endBadClient);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  server.on('error', (error: unknown) => opts.log.error({ err: error }, 'webhook server error'));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        forged.flush();
        unknown.flush();
        tooLarge.flush();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
