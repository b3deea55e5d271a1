/** Alert facts as short sentences, shared by the history and the live view. */
import type { TFunction } from 'i18next';
import type { AlertCounters } from '@contract';
import { formatCount } from '../../i18n/format';

export function countersSummary(t: TFunction, c: AlertCounters, language: string): string {
  const n = (v: number) => formatCount(v, language);
  return t('alerts.summary', { count: c.recipients, recipients: n(c.recipients), confirmed: n(c.confirmed), failed: n(c.failed) });
}

/** A ledger status in words; one the console does not know yet is shown as the engine names it. */
export function attemptStateText(t: TFunction, state: string): string {
  return t('alerts.attemptStates', { returnObjects: true })[state] ?? state;
}
