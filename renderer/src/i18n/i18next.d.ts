import 'i18next';
import type { Messages } from './sv';

// Typed keys: a misspelt t('…') fails the type check instead of showing the key to an operator.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
