/** i18next with both languages bundled: the console must work with no network. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '@contract';
import { en } from './en';
import { sv } from './sv';

export const resources = { sv: { translation: sv }, en: { translation: en } } as const;

const STORED_LANGUAGE = 'gdial.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'sv' || value === 'en';
}

/** The language chosen before login on this computer, if any. */
export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORED_LANGUAGE);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function applyLanguage(language: Language, remember: boolean): void {
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
  if (remember) {
    try {
      window.localStorage.setItem(STORED_LANGUAGE, language);
    } catch {
      // Private mode or disabled storage: the choice simply lasts for this page.
    }
  }
}

export function initI18n(): typeof i18n {
  const language = storedLanguage() ?? 'sv';
  void i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'sv',
    // React escapes output already; escaping twice would show &amp; in names.
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = language;
  return i18n;
}

export { i18n };
