/**
 * Inbound SMS: a reply is matched to the alert it answers, even when one person has several
 * open alerts (reply codes), opt-out words are honoured, and whatever cannot be matched is kept
 * for the operators to read. Answers (receipts, "which alert?") go back as TwiML <Message>.
 */
import twilio from 'twilio';
import { stripBidiControls } from '../contract/common';
import type { Queryable } from '../db/store';
import type { CallToEnd } from '../dispatch/outcomes-async';
import { inboundContext, markOptedIn, recordResponse, replyCandidates } from './conversation-store';
import { stopTexts } from './opt-out';
import type { OutcomesPort } from './outcomes-port';
import { SMS_REPLIES } from './phrases';
import { parseReply, type ReplyMeaning } from './reply-parser';

const reply = (text?: string) => {
  const response = new twilio.twiml.MessagingResponse();
  if (text) response.message(stripBidiControls(text));
  return response.toString();
};

/**
 * Which alert a confirm/decline answers: the one whose code was given; without a code, the only
 * one waiting, or the only one texted without a code (the others asked for "JA <kod>"). A
 * number that is no alert's code is part of the message ("Ja 15 min"), not a code.
 */
function choose<C extends { alertId: number; code: string | null; pending: unknown }>(candidates: C[], code: string | null): C | 'ambiguous' | null {
  const open = candidates.filter((c) => c.pending);
  const coded = code === null ? undefined : open.find((c) => String(c.alertId) === code);
  if (coded) return coded;
  if (open.length === 1) return open[0]!;
  const uncoded = open.filter((c) => !c.code);
  if (uncoded.length === 1) return uncoded[0]!;
  return open.length > 1 ? 'ambiguous' : null;
}

export interface SmsReplyDeps {
  store: Queryable;
  outcomes: OutcomesPort;
  endCalls: (calls: CallToEnd[]) => void;
  /** An answer may queue work (a stand-down at quorum): the dispatcher looks. */
  kick: () => void;
  now: () => number;
}

/**
 * An inbound SMS, answered with TwiML. Round trips: whether it was seen and the sender's language
 * (one), the alerts it may answer (one), then the answer itself. A reply is kept once per message
 * SID (a retry that got here meanwhile changes nothing and gets no receipt).
 */
export async function answerInboundSms(d: SmsReplyDeps, p: Record<string, string>): Promise<string> {
  const from = p.From ?? '';
  const body = (p.Body ?? '').trim();
  const sid = p.MessageSid ?? p.SmsSid ?? null;
  const now = d.now();
  const { seen, language } = await inboundContext(d.store, from, sid);
  // Twilio retries a webhook it thinks failed: the same message is answered once.
  if (seen) return reply();
  /** Keeps the reply; false when the same message got here meanwhile (then it is answered there). */
  const keep = (meaning: ReplyMeaning, alertId: number | null = null, recipientId: number | null = null) =>
    recordResponse(d.store, { alertId, recipientId, attemptId: null, channel: 'sms', fromE164: from, body, meaning, carrierSid: sid, receivedAt: now });
  const parsed = parseReply(body);

  if (parsed.meaning === 'stop') {
    const kept = await keep('stop');
    if (kept) await stopTexts(d.store, d.outcomes, from, now);
    // Twilio confirms its own keywords itself (and would block ours); Swedish words are ours to answer.
    return reply(!kept || parsed.carrierKeyword ? undefined : SMS_REPLIES.optedOut[language]);
  }
  if (parsed.meaning === 'start') {
    const kept = await keep('start');
    if (kept) await markOptedIn(d.store, from, now);
    return reply(!kept || parsed.carrierKeyword ? undefined : SMS_REPLIES.optedIn[language]);
  }

  const candidates = await replyCandidates(d.store, from, now);
  if (parsed.meaning === 'unknown') {
    // Free text is kept; it belongs to an alert only when there is no doubt which.
    const alerts = new Set(candidates.map((c) => c.alertId));
    const only = alerts.size === 1 ? candidates[0]! : null;
    await keep('unknown', only?.alertId ?? null, only?.recipientId ?? null);
    return reply();
  }

  const chosen = choose(candidates, parsed.code);
  if (chosen === 'ambiguous') {
    if (!(await keep(parsed.meaning))) return reply();
    const codes = candidates.filter((c) => c.pending).map((c) => String(c.alertId));
    return reply(SMS_REPLIES.whichAlert[language](codes));
  }
  if (chosen === null) {
    // An answer that changes nothing (already answered): kept with its alert for the record, but
    // not on the person's timeline, where it would read as a confirmation.
    await keep(parsed.meaning, candidates.at(-1)?.alertId ?? null, null);
    return reply();
  }
  const meaning = parsed.meaning === 'confirm' ? 'confirm' : 'decline';
  // The response is recorded there, once per message SID: a confirmation counts once.
  d.endCalls(await d.outcomes.respond(chosen.attemptId, meaning, { channel: 'sms', from, body, sid: sid ?? undefined }, now));
  d.kick();
  return reply(meaning === 'confirm' ? SMS_REPLIES.confirmed[language] : SMS_REPLIES.declined[language]);
}
