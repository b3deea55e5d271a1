/** Messages.json: create, list, fetch, redact (Body=""), and delete. */
import type { ServerResponse } from 'node:http';
import { sendCreated, type CreateDeps } from './calls-api';
import type { SimContext } from './context';
import { field, HttpError, sendError, sendJson, type Form } from './http-util';
import { createMessageRuntime, runMessage } from './message-flow';
import type { CreateFault } from './records';
import { countSegments } from '../../contract/sms-segments';
import { dateFilter, listEnvelope, paginate } from './store';
import { accountBase, FINAL_MESSAGE_STATUSES, messageResource, newSid, type MessageState } from './twilio-format';
import { RejectedNumberError, validateNumber, validateSubscribed, validateUrl } from './validation';

export function createMessage({ ctx, gate, hold }: CreateDeps, res: ServerResponse, form: Form): void {
  const to = field(form, 'To') ?? '';
  const from = field(form, 'From') ?? null;
  const service = field(form, 'MessagingServiceSid') ?? null;
  const body = field(form, 'Body') ?? '';
  const { attempt, refusal, aftermath } = gate.admit('message', to);
  const refuse = (status: number, code: number, message: string, fault: CreateFault, headers = {}) => {
    ctx.recorder.create({ channel: 'message', to, from, sid: null, created: false, httpStatus: status, errorCode: code, fault, clientGaveUpAt: null });
    sendError(res, status, code, message, headers);
  };
  if (refusal) return refuse(refusal.status, refusal.code, refusal.message, refusal.fault, refusal.headers);
  try {
    if (!to) throw new HttpError(400, 21604, "A 'To' phone number is required.");
    if (!from && !service) throw new HttpError(400, 21603, "A 'From' phone number is required.");
    if (!body) throw new HttpError(400, 21602, 'Message body is required.');
    if (body.length > 1600) throw new HttpError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    validateUrl(form, 'StatusCallback', 21609);
    validateNumber(ctx.config(), to);
    validateSubscribed(ctx.store.optedOut, to);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return refuse(error.status, error.code, error.message, error instanceof RejectedNumberError ? 'rejected' : 'invalid');
  }
  if (aftermath.kind === '500' && !aftermath.created) return refuse(500, 20500, 'Internal Server Error', '500');
  const now = Date.now();
  const message: MessageState = {
    sid: newSid('SM'),
    accountSid: ctx.config().accountSid,
    to,
    from,
    messagingServiceSid: service,
    body,
    numSegments: countSegments(body).segments,
    direction: 'outbound-api',
    status: service ? 'accepted' : 'queued',
    createdAt: now,
    updatedAt: now,
    sentAt: null,
    errorCode: null,
    params: form,
  };
  const heldMs = gate.count('message', now);
  ctx.store.addMessage(message);
  const rt = createMessageRuntime(ctx, message, attempt);
  ctx.messages.set(message.sid, rt);
  const fault = aftermath.kind === 'ok' ? null : aftermath.kind;
  const httpStatus = aftermath.kind === 'ok' ? 201 : aftermath.kind === '500' ? 500 : null;
  const record = ctx.recorder.create({ channel: 'message', to, from, sid: message.sid, created: true, httpStatus, errorCode: fault === '500' ? 20500 : null, fault, clientGaveUpAt: null, queuedMs: heldMs });
  if (aftermath.kind === 'ok') sendCreated(ctx, res, `message:${to}:${attempt}`, messageResource(message));
  else if (aftermath.kind === '500') sendError(res, 500, 20500, 'Internal Server Error');
  else hold(res, record);
  runMessage(ctx, rt, heldMs);
}

export function listMessages(ctx: SimContext, res: ServerResponse, query: URLSearchParams, path: string): void {
  const to = query.get('To');
  const from = query.get('From');
  // Like StartTime for calls: a message not yet sent has no date_sent, so no DateSent filter finds it.
  const sent = dateFilter(query, 'DateSent');
  const page = paginate(
    ctx.store.messages.values(),
    (m) => (to === null || m.to === to) && (from === null || m.from === from) && sent(m.sentAt),
    query,
  );
  sendJson(res, 200, listEnvelope('messages', path, query, page, page.items.map(messageResource)));
}

export function findMessage(ctx: SimContext, sid: string): MessageState {
  const message = ctx.store.messages.get(sid);
  if (!message) {
    throw new HttpError(404, 20404, `The requested resource ${accountBase(ctx.config().accountSid)}/Messages/${sid}.json was not found`);
  }
  return message;
}

/** Twilio only lets a message body be updated to "" (redaction). */
export function updateMessage(ctx: SimContext, res: ServerResponse, sid: string, form: Form): void {
  const message = findMessage(ctx, sid);
  const body = field(form, 'Body');
  if (body === undefined) {
    ctx.recorder.action({ kind: 'update-ignored', sid, fromStatus: message.status, toStatus: message.status });
  } else if (body !== '') {
    throw new HttpError(400, 21220, 'A message body can only be updated to an empty string (redaction).');
  } else {
    message.body = '';
    message.updatedAt = Date.now();
    ctx.recorder.action({ kind: 'redact', sid, fromStatus: message.status, toStatus: message.status });
  }
  sendJson(res, 200, messageResource(message));
}

export function deleteMessage(ctx: SimContext, res: ServerResponse, sid: string): void {
  const message = findMessage(ctx, sid);
  if (!FINAL_MESSAGE_STATUSES.includes(message.status)) {
    sendError(res, 400, 20009, 'Cannot delete this resource before it is complete');
    return;
  }
  ctx.store.messages.delete(sid);
  ctx.recorder.action({ kind: 'delete', sid, fromStatus: message.status, toStatus: 'deleted' });
  res.writeHead(204).end();
}
