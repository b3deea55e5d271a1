/** The words that go out: drill markings and the reply hint are added here, in one place. */
import type { Language } from './common';

const DRILL_SMS: Record<Language, string> = { sv: 'ÖVNING: ', en: 'DRILL: ' };
const DRILL_VOICE: Record<Language, string> = { sv: 'Detta är en övning. ', en: 'This is a drill. ' };
const REPLY_HINT: Record<Language, (code: string) => string> = {
  sv: (code) => `Svara JA${code} för att bekräfta.`,
  en: (code) => `Reply YES${code} to confirm.`,
};

/**
 * The alert SMS. A reply code is added only when the same number waits for an answer to
 * another alert too, so that "JA 12" says which one is confirmed.
 */
export function smsBody(text: string, opts: { drill: boolean; language: Language; replyCode?: string | null }): string {
  const body = `${opts.drill ? DRILL_SMS[opts.language] : ''}${text.trim()}`;
  return `${body}\n${REPLY_HINT[opts.language](opts.replyCode ? ` ${opts.replyCode}` : '')}`;
}

/** The stand-down text: no reply hint, there is nothing to answer. */
export function standDownBody(text: string, opts: { drill: boolean; language: Language }): string {
  return `${opts.drill ? DRILL_SMS[opts.language] : ''}${text.trim()}`;
}

export function spokenText(text: string, opts: { drill: boolean; language: Language }): string {
  return `${opts.drill ? DRILL_VOICE[opts.language] : ''}${text.trim()}`;
}
