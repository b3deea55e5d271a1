/**
 * Calls.json: create, list, fetch, and update (cancel a queued or ringing call, hang up a live
 * one, or redirect it to new TwiML with Url or Twiml).
 */
import type { ServerResponse } from 'node:http';
import { createCallRuntime, finishCall, redirectCall, runCall } from './call-flow';
import { createRng } from './prng';
import type { SimContext } from './context';
import type { CreateGate } from './create-gate';
import { field, HttpError, sendError, sendJson, type Form } from './http-util';
import type { CreateRecord } from './records';
import { dateFilter, listEnvelope, paginate } from './store';
import { twimlSource } from './twiml-runner';
import { accountBase, callResource, FINAL_CALL_STATUSES, newSid, type CallState } from './twilio-format';
import { RejectedNumberError, validateNumber, validateUrl } from './validation';

export interface CreateDeps {
  ctx: SimContext;
  gate: CreateGate;
  /** Keeps the socket open without answering: the "timeout" fault. */
  hold: (res: ServerResponse, record: CreateRecord) => void;
}

/**
 * The 201 for a resource just created, after the configured `createAnswerMs` (the body as it was
 * at creation, as Twilio's is). A client that gave up or died meanwhile never gets it.
 */
export function sendCreated(ctx: SimContext, res: ServerResponse, key: string, body: unknown): void {
  const config = ctx.config();
  const delay = config.createAnswerMs.max > 0 ? createRng(config.seed, `create-answer:${key}`).between(config.createAnswerMs) : 0;
  if (delay === 0) return sendJson(res, 201, body);
  ctx.tasks.spawn(
    async () => {
      await ctx.tasks.sleep(delay);
      if (!res.destroyed) sendJson(res, 201, body);
    },
    () => undefined,
  );
}

export function createCall({ ctx, gate, hold }: CreateDeps, res: ServerResponse, form: Form): void {
  const to = field(form, 'To') ?? '';
  const from = field(form, 'From') ?? null;
  const { attempt, refusal, aftermath } = gate.admit('call', to);
  const refuse = (status: number, code: number, message: string, fault: 'invalid' | 'rejected' | '500', headers = {}) => {
    ctx.recorder.create({ channel: 'call', to, from, sid: null, created: false, httpStatus: status, errorCode: code, fault, clientGaveUpAt: null });
    sendError(res, status, code, message, headers);
  };
  if (refusal) {
    ctx.recorder.create({ channel: 'call', to, from, sid: null, created: false, httpStatus: refusal.status, errorCode: refusal.code, fault: refusal.fault, clientGaveUpAt: null });
    sendError(res, refusal.status, refusal.code, refusal.message, refusal.headers);
    return;
  }
  try {
    if (!to) throw new HttpError(400, 21201, "No 'To' number is specified");
    if (!from) throw new HttpError(400, 21213, "No 'From' number is specified");
    if (!field(form, 'Url') && !field(form, 'Twiml')) throw new HttpError(400, 21205, 'Url parameter is required.');
    validateUrl(form, 'Url', 21205);
    validateUrl(form, 'StatusCallback', 21609);
    validateUrl(form, 'AsyncAmdStatusCallback', 21609);
    validateNumber(ctx.config(), to);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    refuse(error.status, error.code, error.message, error instanceof RejectedNumberError ? 'rejected' : 'invalid');
    return;
  }
  if (aftermath.kind === '500' && !aftermath.created) {
    refuse(500, 20500, 'Internal Server Error', '500');
    return;
  }
  const now = Date.now();
  const call: CallState = {
    sid: newSid('CA'),
    accountSid: ctx.config().accountSid,
    to,
    from,
    status: 'queued',
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    endedAt: null,
    answeredAt: null,
    duration: null,
    answeredBy: null,
    params: form,
  };
  const heldMs = gate.count('call', now);
  ctx.store.addCall(call);
  const rt = createCallRuntime(ctx, call, attempt);
  ctx.calls.set(call.sid, rt);
  const fault = aftermath.kind === 'ok' ? null : aftermath.kind;
  const httpStatus = aftermath.kind === 'ok' ? 201 : aftermath.kind === '500' ? 500 : null;
  const record = ctx.recorder.create({ channel: 'call', to, from, sid: call.sid, created: true, httpStatus, errorCode: fault === '500' ? 20500 : null, fault, clientGaveUpAt: null, queuedMs: heldMs });
  if (aftermath.kind === 'ok') sendCreated(ctx, res, `call:${to}:${attempt}`, callResource(call));
  else if (aftermath.kind === '500') sendError(res, 500, 20500, 'Internal Server Error');
  else hold(res, record);
  runCall(ctx, rt, heldMs);
}

export function listCalls(ctx: SimContext, res: ServerResponse, query: URLSearchParams, path: string): void {
  const to = query.get('To');
  const from = query.get('From');
  const status = query.get('Status');
  // As Twilio describes them: a call that has not been dialled (still queued) has no start_time,
  // so no StartTime filter finds it. GDial's in-doubt search therefore uses none.
  const started = dateFilter(query, 'StartTime');
  const ended = dateFilter(query, 'EndTime');
  const page = paginate(
    ctx.store.calls.values(),
    (c) =>
      (to === null || c.to === to) &&
      (from === null || c.from === from) &&
      (status === null || c.status === status) &&
      started(c.startedAt) &&
      ended(c.endedAt),
    query,
  );
  sendJson(res, 200, listEnvelope('calls', path, query, page, page.items.map(callResource)));
}

export function findCall(ctx: SimContext, sid: string): CallState {
  const call = ctx.store.calls.get(sid);
  if (!call) {
    throw new HttpError(404, 20404, `The requested resource ${accountBase(ctx.config().accountSid)}/Calls/${sid}.json was not found`);
  }
  return call;
}

export function updateCall(ctx: SimContext, res: ServerResponse, sid: string, form: Form): void {
  const call = findCall(ctx, sid);
  const wanted = field(form, 'Status');
  if (wanted !== undefined && wanted !== 'canceled' && wanted !== 'completed') {
    throw new HttpError(400, 21218, `Invalid value for Status: ${wanted}`);
  }
  validateUrl(form, 'Url', 21205);
  const source = twimlSource(form);
  const rt = ctx.calls.get(sid);
  const before = call.status;
  const ends = (wanted && (before === 'queued' || before === 'ringing')) || (wanted === 'completed' && before === 'in-progress');
  if (source && !ends) {
    // Nothing left to redirect once the call is over, as on Twilio.
    if (!rt || FINAL_CALL_STATUSES.includes(before)) throw new HttpError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    redirectCall(rt, source);
    ctx.recorder.action({ kind: 'redirect', sid, fromStatus: before, toStatus: call.status, detail: source.kind === 'url' ? source.url : source.twiml });
  } else if (wanted && rt && (before === 'queued' || before === 'ringing')) {
    // Ending a call that has not been answered cancels it, whichever status was asked for.
    finishCall(ctx, rt, 'canceled');
    ctx.recorder.action({ kind: 'cancel', sid, fromStatus: before, toStatus: 'canceled' });
  } else if (wanted === 'completed' && rt && before === 'in-progress') {
    finishCall(ctx, rt, 'completed');
    ctx.recorder.action({ kind: 'hangup', sid, fromStatus: before, toStatus: 'completed' });
  } else {
    ctx.recorder.action({ kind: 'update-ignored', sid, fromStatus: before, toStatus: wanted ?? before });
  }
  sendJson(res, 200, callResource(call));
}
