/** The fixed sentences of a call and of SMS receipts, per language of the person called. */
import type { Language } from '../contract';

export const PHRASES = {
  prompt: { sv: 'Tryck 1 för att bekräfta. Tryck 2 om du inte kan.', en: 'Press 1 to confirm. Press 2 if you cannot.' },
  confirmed: { sv: 'Tack, ditt svar är registrerat.', en: 'Thank you, your answer is registered.' },
  declined: { sv: 'Tack, vi har noterat att du inte kan.', en: 'Thank you, we have noted that you cannot.' },
  goodbye: { sv: 'Inget svar registrerades. Hej då.', en: 'No answer was registered. Goodbye.' },
  voicemail: {
    sv: 'Hej, detta är ett larm från GDial. Du får ett SMS med meddelandet. Svara JA på det för att bekräfta.',
    en: 'Hello, this is an alert from GDial. You will get a text message with the details. Reply YES to it to confirm.',
  },
} as const satisfies Record<string, Record<Language, string>>;

/** How a key is said when it is not a digit. */
const KEY_WORDS: Record<string, Record<Language, string>> = { '*': { sv: 'stjärna', en: 'star' }, '#': { sv: 'fyrkant', en: 'hash' } };

/** "Tryck 1 för att bekräfta…" with an alert's own keys (a template may choose them); 1 and 2 give PHRASES.prompt. */
export function pressPrompt(language: Language, confirmKey: string, declineKey: string): string {
  const say = (key: string) => KEY_WORDS[key]?.[language] ?? key;
  return language === 'sv'
    ? `Tryck ${say(confirmKey)} för att bekräfta. Tryck ${say(declineKey)} om du inte kan.`
    : `Press ${say(confirmKey)} to confirm. Press ${say(declineKey)} if you cannot.`;
}

export type PhraseName = keyof typeof PHRASES;
export const phraseNames = Object.keys(PHRASES) as PhraseName[];

export const SMS_REPLIES = {
  confirmed: { sv: 'Tack, din bekräftelse är registrerad.', en: 'Thank you, your confirmation is registered.' },
  declined: { sv: 'Tack, vi har noterat att du inte kan.', en: 'Thank you, we have noted that you cannot.' },
  optedOut: {
    sv: 'Du får inte längre SMS från GDial. Svara START för att få dem igen.',
    en: 'You will no longer get texts from GDial. Reply START to get them again.',
  },
  optedIn: { sv: 'Du får SMS från GDial igen.', en: 'You will get texts from GDial again.' },
  /** Several alerts wait for an answer from this number and the reply did not say which. */
  whichAlert: {
    sv: (codes: string[]) => `Flera larm väntar på ditt svar. Svara JA följt av larmets kod: ${codes.map((c) => `JA ${c}`).join(' eller ')}.`,
    en: (codes: string[]) => `Several alerts wait for your answer. Reply YES and the alert's code: ${codes.map((c) => `YES ${c}`).join(' or ')}.`,
  },
} as const;
