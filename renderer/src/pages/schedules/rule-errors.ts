/** The engine's verdict on a rule, at the field it concerns: our words for the kind of problem, then the engine's detail. */
import type { TFunction } from 'i18next';
import { isApiError } from '../../api/api-error';
import { errorText, fieldError } from '../../components/error-text';

export type RuleField = 'cron' | 'runAt' | 'localDateTime' | 'timeZone';

export function ruleFieldError(t: TFunction, err: unknown, field: RuleField, language: string): string | undefined {
  const detail = fieldError(err, `rule.${field}`);
  if (!detail || !isApiError(err)) return detail;
  const ours = err.code?.startsWith('schedules.') ? errorText(t, err, language) : '';
  return ours && ours !== err.message ? `${ours} (${detail})` : detail;
}

/** Whether the error names one of the rule's fields (else it is shown with the preview). */
export function namesRuleField(err: unknown): boolean {
  return (['cron', 'runAt', 'localDateTime', 'timeZone'] as const).some((f) => fieldError(err, `rule.${f}`) !== undefined);
}
