/**
 * A person texting the service number: Twilio's inbound message webhook, signed, to a URL we name.
 * An opt-out or opt-in keyword changes who the account may text first, as Twilio does.
 */
import type { SimContext } from './context';
import { AUTO_REPLIES, optOutType } from './opt-out';
import type { InboundRecord } from './records';
import { countSegments } from '../../contract/sms-segments';
import { API_VERSION, newSid, type MessageState } from './twilio-format';

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  /** GDial's inbound SMS webhook. */
  url: string;
  method?: 'GET' | 'POST';
}

export async function sendInbound(ctx: SimContext, sms: InboundSms): Promise<InboundRecord> {
  const now = Date.now();
  const config = ctx.config();
  const segments = countSegments(sms.body).segments;
  const message: MessageState = {
    sid: newSid('SM'),
    accountSid: config.accountSid,
    to: sms.to,
    from: sms.from,
    messagingServiceSid: null,
    body: sms.body,
    numSegments: segments,
    direction: 'inbound',
    status: 'received',
    createdAt: now,
    updatedAt: now,
    sentAt: now,
    errorCode: null,
    params: {},
  };
  ctx.store.addMessage(message);
  const keyword = optOutType(sms.body);
  if (keyword === 'STOP') ctx.store.optedOut.add(sms.from);
  if (keyword === 'START') ctx.store.optedOut.delete(sms.from);
  const params: Record<string, string> = {
    AccountSid: config.accountSid,
    ApiVersion: API_VERSION,
    Body: sms.body,
    From: sms.from,
    MessageSid: message.sid,
    NumMedia: '0',
    NumSegments: String(segments),
    SmsMessageSid: message.sid,
    SmsSid: message.sid,
    SmsStatus: 'received',
    To: sms.to,
  };
  if (keyword) params.OptOutType = keyword;
  const res = await ctx.client.send({ url: sms.url, method: sms.method ?? 'POST', params, signal: ctx.tasks.signal });
  return ctx.recorder.inbound({
    sid: message.sid,
    from: sms.from,
    to: sms.to,
    body: sms.body,
    url: res.url,
    httpStatus: res.status,
    error: res.error,
    responseBody: res.body,
    optOutType: keyword,
    autoReply: keyword ? AUTO_REPLIES[keyword] : null,
  });
}
