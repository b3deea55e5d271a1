/** The shapes Twilio's REST API answers with: SIDs, dates, resources, list envelopes, errors. */
import { randomBytes } from 'node:crypto';

export const API_VERSION = '2010-04-01';

/**
 * SIDs come from the OS, never from the seed: a restarted simulator with the same seed must not
 * hand out SIDs an engine has already stored for other calls.
 */
export const newSid = (prefix: 'CA' | 'SM' | 'MM') => prefix + randomBytes(16).toString('hex');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Twilio's RFC 2822 form, "Tue, 31 Aug 2010 20:36:28 +0000", which the SDK parses into Dates. */
export function rfc2822(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export const errorBody = (status: number, code: number, message: string): TwilioErrorBody => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

export const accountBase = (accountSid: string) => `/${API_VERSION}/Accounts/${accountSid}`;

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
export const FINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

export interface CallState {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  status: CallStatus;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  endedAt: number | null;
  answeredAt: number | null;
  duration: number | null;
  answeredBy: string | null;
  /** The create request's parameters, as Twilio received them. */
  params: Record<string, string | string[]>;
}

export function callResource(c: CallState) {
  const uri = `${accountBase(c.accountSid)}/Calls/${c.sid}.json`;
  const sub = `${accountBase(c.accountSid)}/Calls/${c.sid}`;
  return {
    account_sid: c.accountSid,
    annotation: null,
    answered_by: c.answeredBy,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(c.createdAt),
    date_updated: rfc2822(c.updatedAt),
    direction: 'outbound-api',
    duration: c.duration === null ? null : String(c.duration),
    end_time: c.endedAt === null ? null : rfc2822(c.endedAt),
    forwarded_from: null,
    from: c.from,
    from_formatted: c.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    sid: c.sid,
    start_time: c.startedAt === null ? null : rfc2822(c.startedAt),
    status: c.status,
    subresource_uris: {
      notifications: `${sub}/Notifications.json`,
      recordings: `${sub}/Recordings.json`,
      payments: `${sub}/Payments.json`,
      events: `${sub}/Events.json`,
      siprec: `${sub}/Siprec.json`,
      streams: `${sub}/Streams.json`,
      user_defined_message_subscriptions: `${sub}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${sub}/UserDefinedMessages.json`,
    },
    to: c.to,
    to_formatted: c.to,
    trunk_sid: null,
    uri,
  };
}

/** Voice webhook parameters common to TwiML fetches, Gather actions and status callbacks. */
export function callParams(call: CallState): Record<string, string> {
  return {
    AccountSid: call.accountSid,
    ApiVersion: API_VERSION,
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: 'outbound-api',
    From: call.from,
    To: call.to,
  };
}

export type MessageStatus =
  | 'accepted'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'received';
export const FINAL_MESSAGE_STATUSES: readonly MessageStatus[] = ['delivered', 'undelivered', 'failed', 'received'];

export interface MessageState {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  numSegments: number;
  direction: 'outbound-api' | 'inbound';
  status: MessageStatus;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  errorCode: number | null;
  params: Record<string, string | string[]>;
}

export const SMS_ERROR_MESSAGES: Record<number, string> = {
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
};

export function messageResource(m: MessageState) {
  const base = `${accountBase(m.accountSid)}/Messages/${m.sid}`;
  return {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.createdAt),
    date_sent: m.sentAt === null ? null : rfc2822(m.sentAt),
    date_updated: rfc2822(m.updatedAt),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorCode === null ? null : (SMS_ERROR_MESSAGES[m.errorCode] ?? 'Unknown error'),
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    num_segments: String(m.numSegments),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${base}/Media.json`, feedback: `${base}/Feedback.json` },
    to: m.to,
    uri: `${base}.json`,
  };
}
