/**
 * `/api/v1/<domain>/<verb>` on the console port: the same router as the console, under the API
 * key's synthetic session. The key is read again on every request (revocation at once), spent
 * against its rate limit, and every use is audited under the key's name.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppErrorShape, Envelope } from '../../contract';
import { recordAudit } from '../../audit/audit-log';
import type { Store } from '../../db/store';
import { throttledWarn, type Logger } from '../../log';
import type { Router } from '../../rpc/router';
import { AppError } from '../../errors';
import type { HttpRoute } from '../start-integrations';
import { keyActor, type ApiKeysService } from './api-keys';
import type { ApiKeyRow } from './api-keys-store';
import { statusOfKind } from './openapi';
import type { KeyRateLimiter } from './rate-limit';
import { BodyTooLarge, inputOf, readBody } from './request-body';
import { allowsGet, restExposed } from './rest-methods';

export const API_ROOT = '/api/v1';
export const OPENAPI_PATH = `${API_ROOT}/openapi.json`;
const METHOD_PATH = /^\/api\/v1\/([a-z][A-Za-z]*)\/([a-z][A-Za-z]*)$/;

export interface RestApiDeps {
  router: Router;
  keys: ApiKeysService;
  limiter: KeyRateLimiter;
  store: Store;
  log: Logger;
  document: () => Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text), ...headers }).end(text);
}

const failure = (error: AppErrorShape): Envelope<never> => ({ ok: false, error });

/** The presented key: `Authorization: Bearer <key>`. */
export function bearerOf(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

export function restRoute(deps: RestApiDeps): HttpRoute {
  const refused = throttledWarn(deps.log, 'API request with a missing, unknown or revoked key');
  const audit = async (key: ApiKeyRow, method: string, httpMethod: string, status: number) => {
    try {
      await deps.store.unit((tx) => recordAudit(tx, keyActor(key), { action: 'api.call', target: { type: 'method', id: method }, details: { status, httpMethod } }));
    } catch (error) {
      deps.log.error({ err: error, key: key.name, method }, 'API use could not be audited');
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === OPENAPI_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, failure({ kind: 'validation', message: 'Use GET', code: 'api.method_not_supported' }), { Allow: 'GET, HEAD' });
      return send(res, 200, deps.document());
    }
    const secret = bearerOf(req);
    const key = secret ? await deps.keys.authenticate(secret) : null;
    // A body refused unread is not read at all: the connection ends with the answer.
    const unread: Record<string, string> = req.method === 'POST' ? { Connection: 'close' } : {};
    if (!key) {
      refused.note({ path: url.pathname.slice(0, 100), remote: req.socket.remoteAddress, presented: secret !== null });
      return send(
        res,
        401,
        failure({ kind: 'unauthenticated', message: 'A valid API key is needed: Authorization: Bearer gdk_…', code: secret ? 'api.key_invalid' : 'api.key_missing' }),
        { 'WWW-Authenticate': 'Bearer realm="GDial API"', ...unread },
      );
    }
    const allowance = await deps.limiter.take(String(key.id));
    if (!allowance.allowed) {
      // Not audited: a flood must not become a flood of writes.
      return send(
        res,
        429,
        failure({ kind: 'unavailable', message: `Too many requests with this key; try again in ${allowance.retryAfterSeconds} s`, code: 'api.rate_limited', params: { retryAfterSeconds: allowance.retryAfterSeconds } }),
        { 'Retry-After': String(allowance.retryAfterSeconds), ...unread },
      );
    }
    const match = METHOD_PATH.exec(url.pathname);
    const method = match ? `${match[1]}.${match[2]}` : url.pathname.slice(0, 200);
    const answer = async (status: number, envelope: Envelope<unknown>, headers: Record<string, string> = {}) => {
      await audit(key, method, req.method ?? '', status);
      send(res, status, envelope, headers);
    };
    if (!match || !restExposed(method)) {
      return answer(404, failure({ kind: 'not_found', message: `No such method in the API: ${url.pathname}`, code: 'rpc.unknown_method' }));
    }
    if (req.method === 'GET' ? !allowsGet(method) : req.method !== 'POST') {
      const allow = allowsGet(method) ? 'GET, POST' : 'POST';
      return answer(405, failure({ kind: 'validation', message: `${method} takes ${allow}`, code: 'api.method_not_supported', params: { allow } }), { Allow: allow });
    }
    let input: unknown = {};
    try {
      if (req.method === 'POST') input = inputOf(method, await readBody(req), req.headers);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest of the body is never read: the connection ends once the answer is out.
        res.on('finish', () => req.socket.destroy());
        return answer(413, failure({ kind: 'validation', message: 'The body is larger than 1 MiB', code: 'api.body_too_large' }), { Connection: 'close' });
      }
      if (error instanceof AppError) return answer(400, failure(error.toShape()));
      throw error;
    }
    const conn = { id: randomUUID(), client: `api ${key.name} ${req.socket.remoteAddress ?? ''}`.trim(), tokenHash: null, pinned: deps.keys.sessionOf(key) };
    const envelope = await deps.router.call(conn, method, input);
    return answer(envelope.ok ? 200 : statusOfKind[envelope.error.kind], envelope);
  }

  return (req, res, url) => {
    if (url.pathname !== API_ROOT && !url.pathname.startsWith(`${API_ROOT}/`)) return false;
    handle(req, res, url).catch((error: unknown) => {
      // Before the router (reading the key): the database may be away, which says so as 503.
      if (error instanceof AppError) return send(res, statusOfKind[error.kind], failure(error.toShape()));
      deps.log.error({ err: error, path: url.pathname }, 'API request failed');
      send(res, 500, failure({ kind: 'internal', message: 'Internal error; see the engine log', code: 'internal' }));
    });
    return true;
  };
}
