/** The simulator's HTTP front: Twilio's REST paths, plus a small authenticated control API under /__sim. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import { createCall, findCall, listCalls, updateCall, type CreateDeps } from './calls-api';
import { ConfigError } from './config';
import type { SimContext } from './context';
import { authorized, HttpError, parseForm, readBody, sendError, sendJson, sendUnauthorized } from './http-util';
import { sendInbound } from './inbound';
import { createMessage, deleteMessage, findMessage, listMessages, updateMessage } from './messages-api';
import { BadFilterError } from './store';
import { callResource, messageResource } from './twilio-format';

export interface ControlHooks {
  configure(patch: unknown): unknown;
  records(): unknown;
  reset(): void;
}

const RESOURCE = /^\/2010-04-01\/Accounts\/([^/]+)\/(Calls|Messages)(?:\/([A-Za-z0-9]+))?\.json$/;

function notFound(path: string): HttpError {
  return new HttpError(404, 20404, `The requested resource ${path} was not found`);
}

function methodNotAllowed(method: string): HttpError {
  return new HttpError(405, 20004, `Method not allowed: ${method}`);
}

async function control(ctx: SimContext, hooks: ControlHooks, req: IncomingMessage, res: ServerResponse, path: string) {
  const method = req.method ?? 'GET';
  const json = async () => {
    const text = await readBody(req);
    try {
      return text ? (JSON.parse(text) as unknown) : {};
    } catch {
      throw new HttpError(400, 20001, 'The body is not valid JSON');
    }
  };
  if (path === '/__sim/config') {
    if (method === 'POST') hooks.configure(await json());
    else if (method !== 'GET') throw methodNotAllowed(method);
    const { authToken: _secret, ...visible } = ctx.config();
    return sendJson(res, 200, visible);
  }
  if (path === '/__sim/records') {
    if (method === 'GET') return sendJson(res, 200, hooks.records());
    if (method === 'DELETE') {
      hooks.reset();
      return sendJson(res, 200, { ok: true });
    }
    throw methodNotAllowed(method);
  }
  if (path === '/__sim/opt-outs') {
    if (method !== 'GET') throw methodNotAllowed(method);
    return sendJson(res, 200, [...ctx.store.optedOut]);
  }
  if (path === '/__sim/inbound') {
    if (method !== 'POST') throw methodNotAllowed(method);
    const body = (await json()) as Record<string, unknown>;
    const text = (k: string) => (typeof body[k] === 'string' ? body[k] : '');
    if (!text('from') || !text('to') || !text('url')) throw new HttpError(400, 20001, 'inbound needs from, to, body and url');
    return sendJson(res, 200, await sendInbound(ctx, { from: text('from'), to: text('to'), body: text('body'), url: text('url') }));
  }
  throw notFound(path);
}

async function api(deps: CreateDeps, req: IncomingMessage, res: ServerResponse, url: URL) {
  const { ctx } = deps;
  const match = RESOURCE.exec(url.pathname);
  if (!match) throw notFound(url.pathname);
  const [, account, kind, sid] = match;
  if (account !== ctx.config().accountSid) throw notFound(url.pathname);
  const method = req.method ?? 'GET';
  if (kind === 'Calls') {
    if (!sid && method === 'POST') return createCall(deps, res, parseForm(await readBody(req)));
    if (!sid && method === 'GET') return listCalls(ctx, res, url.searchParams, url.pathname);
    if (sid && method === 'GET') return sendJson(res, 200, callResource(findCall(ctx, sid)));
    if (sid && method === 'POST') return updateCall(ctx, res, sid, parseForm(await readBody(req)));
  } else {
    if (!sid && method === 'POST') return createMessage(deps, res, parseForm(await readBody(req)));
    if (!sid && method === 'GET') return listMessages(ctx, res, url.searchParams, url.pathname);
    if (sid && method === 'GET') return sendJson(res, 200, messageResource(findMessage(ctx, sid)));
    if (sid && method === 'POST') return updateMessage(ctx, res, sid, parseForm(await readBody(req)));
    if (sid && method === 'DELETE') return deleteMessage(ctx, res, sid);
  }
  throw methodNotAllowed(method);
}

export function createSimulatorServer(deps: CreateDeps, hooks: ControlHooks): Server {
  const { ctx } = deps;
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const config = ctx.config();
    const handle = async () => {
      if (!authorized(req, config.accountSid, config.authToken)) return sendUnauthorized(res);
      if (url.pathname.startsWith('/__sim/')) return control(ctx, hooks, req, res, url.pathname);
      return api(deps, req, res, url);
    };
    handle().catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, error.headers);
      if (error instanceof BadFilterError) return sendError(res, 400, 20001, error.message);
      if (error instanceof ZodError) {
        const detail = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        return sendError(res, 400, 20001, `Invalid simulator config: ${detail}`);
      }
      if (error instanceof ConfigError) return sendError(res, 400, 20001, error.message);
      ctx.log.error({ err: error }, 'simulator request failed');
      sendError(res, 500, 20500, 'Internal Server Error');
    });
  });
}
