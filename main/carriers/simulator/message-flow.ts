/** An outbound message's life after the 201: queued, sent, then delivered, undelivered or failed. */
import { CallbackChannel } from './callbacks';
import type { SmsOutcome } from './config';
import type { MessageRuntime, SimContext } from './context';
import { field } from './http-util';
import { createRng } from './prng';
import { API_VERSION, type MessageState, type MessageStatus } from './twilio-format';

/** The number a Messaging Service "picks" when the message is sent (a PTS number reserved for fiction). */
export const SERVICE_SENDER = '+46701740605';

export function createMessageRuntime(ctx: SimContext, message: MessageState, attempt: number): MessageRuntime {
  const seed = ctx.config().seed;
  return {
    message,
    rng: createRng(seed, `message:${message.to}:${attempt}`),
    channel: new CallbackChannel(ctx, createRng(seed, `message-chaos:${message.to}:${attempt}`)),
    abort: new AbortController(),
  };
}

function emit(ctx: SimContext, rt: MessageRuntime, status: MessageStatus): void {
  const m = rt.message;
  const url = field(m.params, 'StatusCallback');
  if (!url) return;
  const params: Record<string, string> = {
    AccountSid: m.accountSid,
    ApiVersion: API_VERSION,
    From: m.from ?? '',
    To: m.to,
    MessageSid: m.sid,
    SmsSid: m.sid,
    SmsStatus: status,
    MessageStatus: status,
  };
  if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
  if (m.errorCode !== null) params.ErrorCode = String(m.errorCode);
  rt.channel.emit({ kind: 'message-status', sid: m.sid, status, sequenceNumber: null, url, method: 'POST', params });
}

/** `heldMs`: how long the account queue holds the message (no date_sent) before it is sent. */
export function runMessage(ctx: SimContext, rt: MessageRuntime, heldMs = 0): void {
  const m = rt.message;
  const config = ctx.config();
  const script = ctx.script(m.to);
  const { delivered, undelivered, failed } = config.sms;
  const outcome = script?.sms ?? rt.rng.weighted<SmsOutcome>({ delivered, undelivered, failed });
  const codes = config.sms.errorCodes;
  const errorCode = script?.smsErrorCode ?? codes[Math.floor(rt.rng.next() * codes.length)] ?? 30008;
  const step = async (status: MessageStatus) => {
    await ctx.tasks.sleep(rt.rng.between(config.latencyMs), rt.abort.signal);
    if (status === 'sent') {
      m.sentAt = Date.now();
      m.from ??= SERVICE_SENDER;
    }
    if (status === 'failed' || status === 'undelivered') m.errorCode = errorCode;
    ctx.store.setMessageStatus(m, status);
    emit(ctx, rt, status);
  };
  ctx.tasks.spawn(
    async () => {
      try {
        // Even the first callback comes after a delay: it may still beat the 201 to the client, as on Twilio.
        await step('queued');
        if (heldMs > 0) await ctx.tasks.sleep(heldMs, rt.abort.signal);
        if (outcome === 'failed') return await step('failed');
        await step('sent');
        await step(outcome);
      } finally {
        rt.channel.flush();
        ctx.messages.delete(m.sid);
      }
    },
    (error) => ctx.log.error({ err: error, sid: m.sid }, 'message flow failed'),
  );
}
