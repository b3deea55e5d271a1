/** A burn message in words: the policy chosen in the wizard, and where an alert's burn stands. */
import type { TFunction } from 'i18next';
import type { Alert, BurnPolicy } from '@contract';
import { formatDateTime, formatDuration } from '../../i18n/format';

export function burnPolicyText(t: TFunction, burn: BurnPolicy, language: string): string {
  if (burn.after === 'time') return t('burn.policy.time', { duration: formatDuration(burn.minutes * 60, language) });
  return t(`burn.policy.${burn.after}`);
}

/** Null for an alert that is not a burn message and was not burned by hand. */
export function burnStateText(t: TFunction, burn: Alert['burn'], language: string): string | null {
  if (!burn) return null;
  if (burn.burnedAt) return t('burn.state.burned', { at: formatDateTime(burn.burnedAt, language) });
  if (burn.burnAt) return t('burn.state.at', { at: formatDateTime(burn.burnAt, language) });
  return t(`burn.state.${burn.after}`);
}

export function isBurned(a: Pick<Alert, 'burn'>): boolean {
  return Boolean(a.burn?.burnedAt);
}
