/**
 * Requests the simulator makes to GDial, signed exactly as Twilio signs them (X-Twilio-Signature:
 * HMAC-SHA1 over the URL plus the sorted POST parameters), on agents the simulator owns so that
 * `stop` can close every socket.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import twilio from 'twilio';
import { StoppedError } from './tasks';

export type Params = Record<string, string>;

export interface WebhookResult {
  /** The final URL requested (GET parameters included). */
  url: string;
  method: 'GET' | 'POST';
  status: number | null;
  contentType: string | null;
  body: string;
  /** Network failure or timeout; null when an HTTP answer came, whatever its status. */
  error: string | null;
  ms: number;
}

const MAX_BODY = 256 * 1024;

export interface WebhookRequest {
  url: string;
  method?: 'GET' | 'POST';
  params?: Params;
  signal?: AbortSignal;
  /** Twilio repeats the token when it re-delivers the same event. */
  idempotencyToken?: string;
}

export class WebhookClient {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
  };

  constructor(
    private readonly authToken: () => string,
    private readonly timeoutMs: () => number,
  ) {}

  send(req: WebhookRequest): Promise<WebhookResult> {
    const method = req.method ?? 'POST';
    const params = req.params ?? {};
    const started = Date.now();
    let url: URL;
    try {
      url = new URL(req.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported scheme ${url.protocol}`);
    } catch (error) {
      const message = `bad URL: ${(error as Error).message}`;
      return Promise.resolve({ url: req.url, method, status: null, contentType: null, body: '', error: message, ms: 0 });
    }
    if (method === 'GET') {
      for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
    }
    // Twilio signs the URL as it requests it: for GET the parameters are in it and the body is empty.
    const target = method === 'GET' ? url.href : req.url;
    const signature = twilio.getExpectedTwilioSignature(this.authToken(), target, method === 'GET' ? {} : params);
    const body = method === 'POST' ? new URLSearchParams(params).toString() : '';
    const headers: Record<string, string> = {
      'X-Twilio-Signature': signature,
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
      'I-Twilio-Idempotency-Token': req.idempotencyToken ?? randomUUID(),
    };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const result = (partial: Partial<WebhookResult>): WebhookResult => ({
      url: target,
      method,
      status: null,
      contentType: null,
      body: '',
      error: null,
      ms: Date.now() - started,
      ...partial,
    });
    const lib = url.protocol === 'https:' ? https : http;
    const agent = this.agents[url.protocol as 'http:' | 'https:'];

    return new Promise((resolve, reject) => {
      if (req.signal?.aborted) return reject(new StoppedError('stopped'));
      const onAbort = () => {
        request.destroy();
        reject(new StoppedError('stopped'));
      };
      const request = lib.request(url, { method, headers, agent, timeout: this.timeoutMs() }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', () => {
          req.signal?.removeEventListener('abort', onAbort);
          resolve(
            result({
              status: res.statusCode ?? null,
              contentType: res.headers['content-type'] ?? null,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        });
        res.on('error', (error) => resolve(result({ error: error.message })));
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs()} ms`)));
      request.on('error', (error) => {
        req.signal?.removeEventListener('abort', onAbort);
        resolve(result({ error: error.message }));
      });
      req.signal?.addEventListener('abort', onAbort, { once: true });
      request.end(body);
    });
  }

  destroy(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
