/**
 * The TwiML a called person hears, built with the SDK's builders. URLs are relative to the
 * TwiML document, so whichever base the carrier used (public URL, tunnel, loopback) also
 * fetches the audio and posts the digits: an old base keeps working for calls in flight.
 */
import twilio from 'twilio';
import type { SpokenPart } from '../conversation/spoken-part';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type Speaker = Pick<VoiceResponse, 'play' | 'say'>;

/** From /twilio/voice/<x> to /audio/<id>.wav, keeping any path prefix of a reverse proxy. */
const RELATIVE_AUDIO = '../../';

function speak(node: Speaker, part: SpokenPart, audioBase = RELATIVE_AUDIO): void {
  if (part.kind === 'audio') node.play({}, `${audioBase}audio/${part.id}.wav`);
  else node.say({ voice: part.voice as never, language: part.language }, part.text);
}

export interface MessageParts {
  /** The alert's message (with the drill preamble when it is a drill). */
  message: SpokenPart;
  prompt: SpokenPart;
  goodbye: SpokenPart;
}

/** Message and "press 1", repeated while nobody presses a key, then goodbye. */
export function messageTwiml(parts: MessageParts, opts: { attemptId: number; round: number; repeats: number }): string {
  const response = new twilio.twiml.VoiceResponse();
  const action = `gather?attempt=${opts.attemptId}&round=${opts.round}`;
  // No finish key: a template may make # (Twilio's default finish key) the key that answers.
  const gather = response.gather({ numDigits: 1, finishOnKey: '', action, method: 'POST', timeout: 6 });
  speak(gather, parts.message);
  speak(gather, parts.prompt);
  // No key pressed: Twilio continues after the Gather; ask again, a few times, then hang up.
  if (opts.round < opts.repeats) response.redirect({ method: 'POST' }, `gather?attempt=${opts.attemptId}&round=${opts.round + 1}`);
  else {
    speak(response, parts.goodbye);
    response.hangup();
  }
  return response.toString();
}

/** "Thank you, your answer is registered", then hang up. */
export function answerTwiml(answer: SpokenPart): string {
  const response = new twilio.twiml.VoiceResponse();
  speak(response, answer);
  response.hangup();
  return response.toString();
}

/**
 * An answering machine: a short message (or nothing), then hang up. TwiML sent inline with a
 * redirect has no document URL, so its audio needs the absolute `base`.
 */
export function voicemailTwiml(message: SpokenPart | null, base?: string): string {
  const response = new twilio.twiml.VoiceResponse();
  if (message) {
    response.pause({ length: 1 });
    speak(response, message, base ? `${base}/` : RELATIVE_AUDIO);
  }
  response.hangup();
  return response.toString();
}

/**
 * For a carrier that cannot reach us (no public URL): the whole call inline, said by the
 * carrier's voice, without "press 1" — nobody could hear the key. Twilio caps inline TwiML at
 * 4,000 characters, so repeats are dropped first, then the text is shortened.
 */
export const INLINE_TWIML_LIMIT = 4000;

export function inlineTwiml(message: Extract<SpokenPart, { kind: 'say' }>, repeats: number): string {
  for (let n = Math.max(1, repeats); n >= 1; n--) {
    const xml = sayTimes(message, n);
    if (xml.length <= INLINE_TWIML_LIMIT) return xml;
  }
  // Escaping makes the XML longer than the text: shorten until it fits, by what is over each time.
  let text = message.text;
  for (;;) {
    const xml = sayTimes({ ...message, text: `${text}…` }, 1);
    if (xml.length <= INLINE_TWIML_LIMIT) return xml;
    text = text.slice(0, Math.max(0, text.length - (xml.length - INLINE_TWIML_LIMIT)));
  }
}

function sayTimes(message: Extract<SpokenPart, { kind: 'say' }>, times: number): string {
  const response = new twilio.twiml.VoiceResponse();
  for (let i = 0; i < times; i++) {
    if (i > 0) response.pause({ length: 2 });
    speak(response, message);
  }
  response.hangup();
  return response.toString();
}

export function hangupTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}
