/** The TwiML a called person hears: the message, then "press 1 to confirm", a few times. */
import twilio from 'twilio';
import type { Language } from '../contract';

const SAY_VOICE: Record<Language, { voice: 'Polly.Astrid' | 'Polly.Joanna'; language: 'sv-SE' | 'en-US' }> = {
  sv: { voice: 'Polly.Astrid', language: 'sv-SE' },
  en: { voice: 'Polly.Joanna', language: 'en-US' },
};

const PROMPT: Record<Language, string> = {
  sv: 'Tryck 1 för att bekräfta. Tryck 2 om du inte kan.',
  en: 'Press 1 to confirm. Press 2 if you cannot.',
};
const CONFIRMED: Record<Language, string> = { sv: 'Tack, ditt svar är registrerat.', en: 'Thank you, your answer is registered.' };
const DECLINED: Record<Language, string> = { sv: 'Tack, vi har noterat att du inte kan.', en: 'Thank you, we have noted that you cannot.' };
const GOODBYE: Record<Language, string> = { sv: 'Inget svar registrerades. Hej då.', en: 'No answer was registered. Goodbye.' };

const REPEATS = 3;

export function messageTwiml(opts: { text: string; language: Language; gatherUrl: string; round?: number }): string {
  const response = new twilio.twiml.VoiceResponse();
  const voice = SAY_VOICE[opts.language];
  const gather = response.gather({ numDigits: 1, action: opts.gatherUrl, method: 'POST', timeout: 6 });
  gather.say(voice, opts.text);
  gather.say(voice, PROMPT[opts.language]);
  // No key pressed: Twilio continues after the Gather; we ask again, a few times, then hang up.
  const round = opts.round ?? 1;
  if (round < REPEATS) response.redirect({ method: 'POST' }, `${opts.gatherUrl}&round=${round + 1}`);
  else {
    response.say(voice, GOODBYE[opts.language]);
    response.hangup();
  }
  return response.toString();
}

export function answerTwiml(meaning: 'confirm' | 'decline', language: Language): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(SAY_VOICE[language], meaning === 'confirm' ? CONFIRMED[language] : DECLINED[language]);
  response.hangup();
  return response.toString();
}

export function hangupTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}
