/** What the carrier's webhooks mean for the ledger: statuses, the call's conversation, SMS replies. */
import type { GroupCommit } from '../db/group-commit';
import type { Queryable } from '../db/store';
import { UNSUBSCRIBED_ERROR } from '../conversation/opt-out';
import { answerInboundSms } from '../conversation/sms-replies';
import type { createVoiceCalls } from '../conversation/voice-calls';
import type { WebhookHandlers } from '../webhooks/webhook-server';
import { attemptBySid, getAttempt } from './ledger-store';
import type { AsyncOutcomes, CallToEnd } from './outcomes-async';

export interface WebhookDeps {
  store: Queryable;
  writes: GroupCommit;
  statuses: AsyncOutcomes;
  voice: ReturnType<typeof createVoiceCalls>;
  endCalls: (calls: CallToEnd[]) => void;
  /** Something may now be due (the next escalation step, a stand-down text): the dispatcher looks. */
  kick: () => void;
  /** The carrier says this number unsubscribed from texts (error 21610). */
  unsubscribed: (e164: string) => void;
  now: () => number;
}

export function createWebhookHandlers(d: WebhookDeps): WebhookHandlers {
  const status = async (kind: 'call' | 'message', attemptId: number | null, p: Record<string, string>) => {
    const sid = kind === 'call' ? p.CallSid : p.MessageSid ?? p.SmsSid;
    const value = kind === 'call' ? p.CallStatus : p.MessageStatus ?? p.SmsStatus;
    if (!sid || !value) return;
    // Stamped when the carrier told us, not when the shared commit gets to it: a call answered
    // is answered before the key its person pressed, however long the commit queue is.
    const receivedAt = d.now();
    // Answered only after the shared commit: a 204 means the status is on disk.
    // Idempotent: carrier_events holds each (sid, kind, status) once; a repeat changes nothing.
    const ends = await d.writes.run((tx) =>
      d.statuses.applyStatus(
        tx,
        {
          kind,
          attemptId,
          sid,
          status: value,
          sequence: p.SequenceNumber ? Number(p.SequenceNumber) : undefined,
          answeredBy: p.AnsweredBy,
          durationS: p.CallDuration ? Number(p.CallDuration) : undefined,
          errorCode: p.ErrorCode,
          payload: p,
        },
        receivedAt,
      ),
    );
    d.endCalls(ends);
    if (kind === 'message' && p.ErrorCode === UNSUBSCRIBED_ERROR) {
      const attempt = attemptId ? await getAttempt(d.store, attemptId) : await attemptBySid(d.store, sid);
      if (attempt) d.unsubscribed(attempt.e164);
    }
    d.kick();
  };

  return {
    twiml: (attemptId, p) => d.voice.twiml(attemptId, p),
    gather: (attemptId, p, query) => d.voice.gather(attemptId, p, query),
    callStatus: (attemptId, p) => status('call', attemptId, p),
    amd: (attemptId, p) => d.voice.amd(attemptId, p),
    smsStatus: (attemptId, p) => status('message', attemptId, p),
    knowsAttempt: async (attemptId) => (await getAttempt(d.store, attemptId)) !== undefined,
    smsInbound: (p) => answerInboundSms({ store: d.store, outcomes: d.statuses, endCalls: d.endCalls, kick: d.kick, now: d.now }, p),
  };
}
