/**
 * The call itself: what the carrier plays (message, "press 1", repeats), what a key press means,
 * and what happens when an answering machine picks up (a short message or a hang-up, and the
 * message by SMS instead).
 */
import { escalationPolicySchema, type Language, type Settings } from '../contract';
import type { CarrierPort } from '../carriers/carrier-port';
import type { Queryable } from '../db/store';
import type { Carriers } from '../dispatch/carriers';
import type { CallToEnd } from '../dispatch/outcomes-async';
import type { Logger } from '../log';
import { answerTwiml, hangupTwiml, messageTwiml, voicemailTwiml } from '../webhooks/voice-twiml';
import { alertPolicy, callParty, noteAnswered, noteCallEvent, queueSmsFallback, setAnsweredBy, type CallParty } from './call-store';
import type { OutcomesPort } from './outcomes-port';
import { PHRASES } from './phrases';
import type { VoicePrompts } from './voice-prompts';

export interface VoiceCallDeps {
  /** Where the conversation reads and notes things. */
  store: Queryable;
  outcomes: Pick<OutcomesPort, 'respond'>;
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
  const { store } = d;
  const languageOf = (w: CallParty): Language => w.contactLanguage ?? w.alertLanguage;

  const message = async (attemptId: number, w: CallParty, round: number) => {
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
  const noteMachine = async (attemptId: number, sid: string, answeredBy: string, p: Record<string, string>) => {
    const fresh = await noteCallEvent(store, { attemptId, sid, kind: 'amd', status: answeredBy, payload: JSON.stringify(p), at: d.now() });
    await setAnsweredBy(store, attemptId, answeredBy);
    return fresh && isMachine(answeredBy);
  };

  /** The message goes by SMS instead, to the recipient's text number, unless they already get one. */
  const smsFallback = (w: CallParty) => queueSmsFallback(store, w.recipientId, d.now());

  const policyOf = async (alertId: number) => escalationPolicySchema.parse(JSON.parse((await alertPolicy(store, alertId))!));

  /**
   * The voicemail TwiML for a machine, and the note on the timeline that a message was left.
   * `base` is set for a redirect (inline TwiML, absolute audio URLs); without one, URLs are relative.
   */
  const forMachine = async (attemptId: number, sid: string, w: CallParty, base?: string) => {
    if ((await policyOf(w.alertId)).voicemail === 'hang_up') return voicemailTwiml(null);
    await noteCallEvent(store, { attemptId, sid, kind: 'twiml', status: 'voicemail_left', payload: '{}', at: d.now() });
    return voicemailTwiml(await d.prompts.phrase('voicemail', languageOf(w)), base);
  };

  return {
    async twiml(attemptId: number, p: Record<string, string>): Promise<string> {
      const answeredAt = d.now();
      const [w] = await Promise.all([callParty(store, attemptId), noteAnswered(store, attemptId, answeredAt)]);
      if (!w || !w.active || w.recipientState !== 'pending') return hangupTwiml();
      // Synchronous machine detection answers before the TwiML is asked for.
      if (p.AnsweredBy && p.CallSid && (await noteMachine(attemptId, p.CallSid, p.AnsweredBy, p))) {
        await smsFallback(w);
        return forMachine(attemptId, p.CallSid, w);
      }
      return message(attemptId, w, 1);
    },

    async gather(attemptId: number, p: Record<string, string>, query: URLSearchParams): Promise<string> {
      const w = await callParty(store, attemptId);
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
      d.endCalls(await d.outcomes.respond(attemptId, meaning, { channel: 'dtmf', from: p.To ?? '', body: digits, sid: p.CallSid }, d.now()));
      return answerTwiml(await d.prompts.phrase(meaning === 'confirm' ? 'confirmed' : 'declined', languageOf(w)));
    },

    /** Asynchronous machine detection: the call is already playing; a machine gets redirected. */
    async amd(attemptId: number | null, p: Record<string, string>): Promise<void> {
      if (!attemptId || !p.CallSid || !p.AnsweredBy) return;
      const w = await callParty(store, attemptId);
      if (!w || !(await noteMachine(attemptId, p.CallSid, p.AnsweredBy, p))) return;
      if (!w.active || w.recipientState !== 'pending') return;
      await smsFallback(w);
      const carrier = await d.carriers.forAlert(w.alertId);
      try {
        if ((await policyOf(w.alertId)).voicemail === 'hang_up') await carrier.endCall(p.CallSid, true);
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
