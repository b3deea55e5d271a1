/**
 * The carrier adapter: the official twilio SDK, pointed at Twilio or at the built-in simulator
 * (same REST API, different base URL). It turns every outcome of a create into the four cases
 * the ledger distinguishes, because only some of them are safe to retry.
 */
import http from 'node:http';
import twilio from 'twilio';
import { stripBidiControls } from '../contract/common';
import { CarrierError, type CarrierPort, type CarrierRecord, type CarrierSearch, type Created, type CreateCall, type CreateMessage } from './carrier-port';

type RequestOpts = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/** Network errors where the request cannot have reached the carrier. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

function retryAfterMs(value: unknown): number {
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}

/** Keep-alive for plain http (the simulator) too, and Retry-After kept for 429s. */
class GdialRequestClient extends twilio.RequestClient {
  constructor(timeoutMs: number) {
    super({ keepAlive: true, timeout: timeoutMs, maxSockets: 64 });
    (this as unknown as { axios: { defaults: { httpAgent: http.Agent } } }).axios.defaults.httpAgent = new http.Agent({
      keepAlive: true,
      maxSockets: 64,
    });
  }

  override async request<TData>(opts: RequestOpts) {
    const response = await super.request<TData>(opts as never);
    if (response.statusCode === 429) {
      throw new CarrierError({ kind: 'rate_limited', retryAfterMs: retryAfterMs(response.headers['retry-after']), message: 'HTTP 429 from carrier' });
    }
    return response;
  }
}

function asCarrierError(error: unknown): CarrierError {
  if (error instanceof CarrierError) return error;
  const e = error as { status?: number; code?: number | string; message?: string };
  if (typeof e.status === 'number') {
    if (e.status >= 500) return new CarrierError({ kind: 'in_doubt', message: `HTTP ${e.status}: ${e.message ?? ''}` });
    return new CarrierError({ kind: 'rejected', code: String(e.code ?? e.status), message: e.message ?? `HTTP ${e.status}` });
  }
  if (typeof e.code === 'string' && NEVER_SENT.has(e.code)) return new CarrierError({ kind: 'unreachable', message: `${e.code}: carrier not reachable` });
  // Timeouts, resets, anything else: the carrier may have acted on it.
  return new CarrierError({ kind: 'in_doubt', message: `${String(e.code ?? 'error')}: ${e.message ?? 'no answer from carrier'}` });
}

async function carrierCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asCarrierError(error);
  }
}

/** Records per list page (Twilio allows up to 1000). */
const SEARCH_PAGE_SIZE = 100;
/** A search that has not passed its window after this many pages is given up as incomplete. */
const MAX_SEARCH_PAGES = 20;

interface Listed {
  sid: string;
  to: string;
  from: string | null;
  status: string;
  dateCreated: Date | null;
}
interface ListPage<T> {
  instances: T[];
  nextPageUrl?: string;
  nextPage(): Promise<ListPage<T>> | undefined;
}

/**
 * Reads pages (newest first, as Twilio lists) until one lies wholly before the window, so a
 * record slightly out of order at a page's edge is still seen; keeps the records created within
 * the window. A record without a creation date cannot be placed, so it is kept: it can only make
 * the match ambiguous, never hide a create.
 */
async function searchPages<T extends Listed>(first: Promise<ListPage<T>>, search: CarrierSearch): Promise<CarrierRecord[]> {
  const found: CarrierRecord[] = [];
  let page = await first;
  for (let read = 1; ; read++) {
    let newest = Number.NEGATIVE_INFINITY;
    for (const r of page.instances) {
      const createdAt = r.dateCreated ? r.dateCreated.getTime() : null;
      newest = Math.max(newest, createdAt ?? Number.POSITIVE_INFINITY);
      if (createdAt === null || (createdAt >= search.createdFrom && createdAt <= search.createdUntil)) {
        found.push({ sid: r.sid, to: r.to, from: r.from, status: r.status, createdAt });
      }
    }
    if (newest < search.createdFrom || !page.nextPageUrl) return found;
    if (read >= MAX_SEARCH_PAGES) {
      throw new CarrierError({ kind: 'in_doubt', message: `search of ${read} pages did not get past the attempt's window` });
    }
    const next = await page.nextPage();
    if (!next) return found;
    page = next;
  }
}

export interface TwilioAdapterOptions {
  accountSid: string;
  authToken: string;
  /** `https://api.twilio.com` for Twilio; the simulator's URL otherwise. */
  baseUrl?: string;
  timeoutMs?: number;
  /** True for the simulator on this machine: it can reach the loopback webhooks. */
  local?: boolean;
}

export function createTwilioAdapter(opts: TwilioAdapterOptions): CarrierPort {
  const client = twilio(opts.accountSid, opts.authToken, { httpClient: new GdialRequestClient(opts.timeoutMs ?? 10_000) });
  if (opts.baseUrl) (client.api as unknown as { baseUrl: string }).baseUrl = opts.baseUrl;
  const account = client.api.v2010.accounts(opts.accountSid);

  return {
    account: opts.accountSid,
    authToken: opts.authToken,
    local: opts.local ?? false,
    async createCall(req: CreateCall): Promise<Created> {
      try {
        const call = await account.calls.create({
          to: req.to,
          from: req.from,
          ...(req.twimlUrl ? { url: req.twimlUrl, method: 'POST' } : { twiml: req.twiml ?? '<Response/>' }),
          ...(req.statusCallback
            ? { statusCallback: req.statusCallback, statusCallbackMethod: 'POST', statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'] }
            : {}),
          timeout: req.timeoutSeconds,
          ...(req.machineDetection && req.amdCallback
            ? { machineDetection: 'DetectMessageEnd', asyncAmd: 'true', asyncAmdStatusCallback: req.amdCallback, asyncAmdStatusCallbackMethod: 'POST' }
            : {}),
        });
        return { sid: call.sid, status: call.status };
      } catch (error) {
        throw asCarrierError(error);
      }
    },
    async createMessage(req: CreateMessage): Promise<Created> {
      try {
        const message = await account.messages.create({
          to: req.to,
          from: req.from,
          // The last defence: whatever a text was made of, no bidi override reaches a phone.
          body: stripBidiControls(req.body),
          ...(req.statusCallback ? { statusCallback: req.statusCallback } : {}),
        });
        return { sid: message.sid, status: message.status, segments: Number(message.numSegments) || undefined };
      } catch (error) {
        throw asCarrierError(error);
      }
    },
    // Every call goes through `carrierCall`: the SDK's own errors carry the request, credentials
    // included, and must never reach a log.
    // No StartTime / DateSent filter: a call or text still in Twilio's queue has neither, and
    // the filters are whole dates anyway. By `To` only: the sender may have changed since the
    // create, and a Messaging Service or alphanumeric sender is not the From it was sent with.
    findCalls: (search) => carrierCall(() => searchPages(account.calls.page({ to: search.to, pageSize: SEARCH_PAGE_SIZE }), search)),
    findMessages: (search) => carrierCall(() => searchPages(account.messages.page({ to: search.to, pageSize: SEARCH_PAGE_SIZE }), search)),
    endCall: (sid, inProgress) => carrierCall(async () => void (await account.calls(sid).update({ status: inProgress ? 'completed' : 'canceled' }))),
    redactMessage: (sid) => carrierCall(async () => void (await account.messages(sid).update({ body: '' }))),
    deleteMessage: (sid) => carrierCall(async () => void (await account.messages(sid).remove())),
    redirectCall: (sid, twiml) => carrierCall(async () => void (await account.calls(sid).update({ twiml }))),
    fetchCallStatus: (sid) => carrierCall(async () => (await account.calls(sid).fetch()).status),
    fetchMessageStatus: (sid) => carrierCall(async () => (await account.messages(sid).fetch()).status),
  };
}
