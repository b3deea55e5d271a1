/**
 * The call itself: what the carrier plays (message, "press 1", repeats), what a key press means,
 * and what happens when an answering machine picks up (a short message or a hang-up, and the
 * message by SMS instead).
 */
import { sql } from 'drizzle-orm';
import { escalationPolicySchema, type Language, type Settings } from '../contract';
import type { CarrierPort } from '../carriers/carrier-port';
import type { Db } from '../db/open';
import type { Carriers } from '../dispatch/carriers';
import type { Ledger } from '../dispatch/ledger';
import type { CallToEnd, Outcomes } from '../dispatch/outcomes';
import type { Logger } from '../log';
import { answerTwiml, hangupTwiml, messageTwiml, voicemailTwiml } from '../webhooks/voice-twiml';
import { PHRASES } from './phrases';
import type { VoicePrompts } from './voice-prompts';

export interface VoiceCallDeps {
  db: Db;
  ledger: Ledger;
  outcomes: Outcomes;
  prompts: VoicePrompts;
  carriers: Carriers;
  settings: () => Settings;
  /** The base URL a carrier reaches our webhooks at, or null when it cannot. */
  callbackBase: (carrier: CarrierPort) => string | null;
  endCalls: (calls: CallToEnd[]) => void;
  now: () => number;
  log: Logger;
}

const isMachine = (answeredBy: string | undefined) => !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax');

export function createVoiceCalls(d: VoiceCallDeps) {
  const stmt = {
    who: d.db.$client.prepare(`
      SELECT t.alert_id AS alertId, t.recipient_id AS recipientId, a.language AS alertLanguage, c.language AS contactLanguage,
        a.state IN ('queued', 'running') AS active, r.state AS recipientState, a.confirm_digit AS confirmKey, a.decline_digit AS declineKey
      FROM dispatch_attempts t JOIN alerts a ON a.id = t.alert_id JOIN alert_recipients r ON r.id = t.recipient_id
      LEFT JOIN contacts c ON c.id = r.contact_id WHERE t.id = ?`),
    event: d.db.$client.prepare(
      'INSERT OR IGNORE INTO carrier_events (attempt_id, sid, kind, status, sequence, payload, received_at) VALUES (?, ?, ?, ?, NULL, ?, ?)',
    ),
  };
  type Who = {
    alertId: number;
    recipientId: number;
    alertLanguage: Language;
    contactLanguage: Language | null;
    active: number;
    recipientState: string;
    confirmKey: string;
    declineKey: string;
  };
  const who = (attemptId: number) => stmt.who.get(attemptId) as Who | undefined;
  const languageOf = (w: Who): Language => w.contactLanguage ?? w.alertLanguage;

  const message = async (attemptId: number, w: Who, round: number) => {
    const language = languageOf(w);
    const [msg, prompt, goodbye] = await Promise.all([
      d.prompts.message(w.alertId),
      d.prompts.prompt(w.alertId, language),
      d.prompts.phrase('goodbye', language),
    ]);
    if (!msg) return hangupTwiml();
    if (round > d.settings().voiceRepeats) return answerTwiml(goodbye);
    return messageTwiml({ message: msg, prompt, goodbye }, { attemptId, round, repeats: d.settings().voiceRepeats });
  };

  /** Records what the machine detection said; true the first time this call is known to be a machine. */
  const noteMachine = (attemptId: number, sid: string, answeredBy: string, p: Record<string, string>) => {
    const fresh = stmt.event.run(attemptId, sid, 'amd', answeredBy, JSON.stringify(p), d.now()).changes > 0;
    d.db.run(sql`UPDATE dispatch_attempts SET answered_by = ${answeredBy} WHERE id = ${attemptId}`);
    return fresh && isMachine(answeredBy);
  };

  /** The message goes by SMS instead, to the recipient's text number, unless they already get one. */
  const smsFallback = (w: Who) => {
    const now = d.now();
    d.db.run(sql`
      INSERT OR IGNORE INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
      SELECT alert_id, id, 'sms', 'alert', sms_number, 0, 0, 'queued', ${now}, ${now}, ${now}
      FROM alert_recipients WHERE id = ${w.recipientId} AND state = 'pending' AND sms_number IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM phone_numbers p WHERE p.e164 = sms_number AND p.sms_opted_out = 1)`);
  };

  const policyOf = (alertId: number) =>
    escalationPolicySchema.parse(JSON.parse(d.db.get<{ policy: string }>(sql`SELECT policy FROM alerts WHERE id = ${alertId}`).policy));

  /**
   * The voicemail TwiML for a machine, and the note on the timeline that a message was left.
   * `base` is set for a redirect (inline TwiML, absolute audio URLs); without one, URLs are relative.
   */
  const forMachine = async (attemptId: number, sid: string, w: Who, base?: string) => {
    if (policyOf(w.alertId).voicemail === 'hang_up') return voicemailTwiml(null);
    stmt.event.run(attemptId, sid, 'twiml', 'voicemail_left', '{}', d.now());
    return voicemailTwiml(await d.prompts.phrase('voicemail', languageOf(w)), base);
  };

  return {
    async twiml(attemptId: number, p: Record<string, string>): Promise<string> {
      const w = who(attemptId);
      if (!w || !w.active || w.recipientState !== 'pending') return hangupTwiml();
      // Synchronous machine detection answers before the TwiML is asked for.
      if (p.AnsweredBy && p.CallSid && noteMachine(attemptId, p.CallSid, p.AnsweredBy, p)) {
        smsFallback(w);
        return forMachine(attemptId, p.CallSid, w);
      }
      return message(attemptId, w, 1);
    },

    async gather(attemptId: number, p: Record<string, string>, query: URLSearchParams): Promise<string> {
      const w = who(attemptId);
      if (!w) return hangupTwiml();
      const digits = (p.Digits ?? '').trim();
      const meaning = digits === w.confirmKey ? 'confirm' : digits === w.declineKey ? 'decline' : null;
      const round = Number(query.get('round') ?? '1') || 1;
      if (!meaning) {
        if (!w.active || w.recipientState !== 'pending') return hangupTwiml();
        // No key (the Redirect after the Gather) asks for this round; a wrong key uses one up too.
        return message(attemptId, w, digits ? round + 1 : round);
      }
      // The alert was stopped meanwhile: nothing can be registered, so nothing is promised.
      if (!w.active) return hangupTwiml();
      d.endCalls(d.outcomes.respond(attemptId, meaning, { channel: 'dtmf', from: p.To ?? '', body: digits, sid: p.CallSid }, d.now()));
      return answerTwiml(await d.prompts.phrase(meaning === 'confirm' ? 'confirmed' : 'declined', languageOf(w)));
    },

    /** Asynchronous machine detection: the call is already playing; a machine gets redirected. */
    async amd(attemptId: number | null, p: Record<string, string>): Promise<void> {
      if (!attemptId || !p.CallSid || !p.AnsweredBy) return;
      const w = who(attemptId);
      if (!w || !noteMachine(attemptId, p.CallSid, p.AnsweredBy, p)) return;
      if (!w.active || w.recipientState !== 'pending') return;
      smsFallback(w);
      const carrier = d.carriers.forAlert(w.alertId);
      try {
        if (policyOf(w.alertId).voicemail === 'hang_up') await carrier.endCall(p.CallSid, true);
        else {
          const base = d.callbackBase(carrier);
          // Without a base our audio cannot be fetched: the carrier's voice reads the message.
          const twiml = base
            ? await forMachine(attemptId, p.CallSid, w, base)
            : voicemailTwiml(d.prompts.say(PHRASES.voicemail[languageOf(w)], languageOf(w)));
          await carrier.redirectCall(p.CallSid, twiml);
        }
      } catch (error) {
        d.log.warn({ err: error, attempt: attemptId }, 'could not redirect the answering machine');
      }
    },
  };
}
