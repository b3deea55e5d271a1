/**
 * The carrier adapter: the official twilio SDK, pointed at Twilio or at the built-in simulator
 * (same REST API, different base URL). It turns every outcome of a create into the four cases
 * the ledger distinguishes, because only some of them are safe to retry.
 */
import http from 'node:http';
import twilio from 'twilio';
import { CarrierError, type CarrierPort, type CarrierRecord, type Created, type CreateCall, type CreateMessage } from './carrier-port';

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

  const record = (r: { sid: string; to: string; status: string; dateCreated: Date | null }, url: string | null): CarrierRecord => ({
    sid: r.sid,
    to: r.to,
    status: r.status,
    createdAt: r.dateCreated?.getTime() ?? 0,
    callbackUrl: url,
  });

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
          body: req.body,
          ...(req.statusCallback ? { statusCallback: req.statusCallback } : {}),
        });
        return { sid: message.sid, status: message.status, segments: Number(message.numSegments) || undefined };
      } catch (error) {
        throw asCarrierError(error);
      }
    },
    // Every call goes through `carrierCall`: the SDK's own errors carry the request, credentials
    // included, and must never reach a log.
    findCalls: (to, since) =>
      carrierCall(async () => {
        const calls = await account.calls.list({ to, startTimeAfter: new Date(since - 60_000), limit: 50 });
        // The callback URL is not in Twilio's call resource; the attempt is matched by the record's time.
        return calls.map((c) => record(c, null));
      }),
    findMessages: (to, since) =>
      carrierCall(async () => (await account.messages.list({ to, dateSentAfter: new Date(since - 60_000), limit: 50 })).map((m) => record(m, null))),
    endCall: (sid, inProgress) => carrierCall(async () => void (await account.calls(sid).update({ status: inProgress ? 'completed' : 'canceled' }))),
    redactMessage: (sid) => carrierCall(async () => void (await account.messages(sid).update({ body: '' }))),
    deleteMessage: (sid) => carrierCall(async () => void (await account.messages(sid).remove())),
    redirectCall: (sid, twiml) => carrierCall(async () => void (await account.calls(sid).update({ twiml }))),
    fetchCallStatus: (sid) => carrierCall(async () => (await account.calls(sid).fetch()).status),
    fetchMessageStatus: (sid) => carrierCall(async () => (await account.messages(sid).fetch()).status),
  };
}
