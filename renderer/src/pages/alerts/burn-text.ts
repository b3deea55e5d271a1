/** A burn message in words: the policy chosen in the wizard, and where an alert's burn stands. */
import type { TFunction } from 'i18next';
import type { Alert, BurnPolicy, BurnTextElsewhere } from '@contract';
import { formatDateTime, formatDuration } from '../../i18n/format';

export function burnPolicyText(t: TFunction, burn: BurnPolicy, language: string): string {
  if (burn.after === 'time' || burn.after === 'end') return t(`burn.policy.${burn.after}`, { duration: formatDuration(burn.minutes * 60, language) });
  return t(`burn.policy.${burn.after}`);
}

/** Null for an alert that is not a burn message and was not burned by hand. */
export function burnStateText(t: TFunction, burn: Alert['burn'], language: string): string | null {
  if (!burn) return null;
  if (burn.burnedAt) return t('burn.state.burned', { at: formatDateTime(burn.burnedAt, language) });
  if (burn.burnAt) return t('burn.state.at', { at: formatDateTime(burn.burnAt, language) });
  // 'end' before the call-out has ended: its time is not known yet, only how long after the end.
  if (burn.after === 'end') return t('burn.state.end', { duration: formatDuration((burn.minutes ?? 0) * 60, language) });
  return t(`burn.state.${burn.after}`);
}

/**
 * Where a burn message's text also is (templates, schedules), as the engine found it: before
 * launch ('before', from the pre-flight) or after the burn ('after', from the alert). One sentence
 * per action; empty when there is nothing to say.
 */
export function textElsewhereLines(t: TFunction, copies: readonly BurnTextElsewhere[], when: 'before' | 'after', language: string): string[] {
  const places = (action: BurnTextElsewhere['action']) =>
    new Intl.ListFormat(language, { type: 'conjunction' }).format(copies.filter((c) => c.action === action).map((c) => t(`burn.elsewhere.${c.kind}`, { name: c.name, id: c.id })));
  const lines: string[] = [];
  if (copies.some((c) => c.action === 'kept')) lines.push(t(when === 'before' ? 'burn.elsewhere.before' : 'burn.elsewhere.kept', { places: places('kept') }));
  if (copies.some((c) => c.action === 'blanked')) lines.push(t(when === 'before' ? 'burn.elsewhere.beforeBlanked' : 'burn.elsewhere.blanked', { places: places('blanked') }));
  return lines;
}

export function isBurned(a: Pick<Alert, 'burn'>): boolean {
  return Boolean(a.burn?.burnedAt);
}
