/** Turns an engine refusal into a sentence in the operator's language. */
import type { TFunction } from 'i18next';
import { isApiError } from '../api/api-error';
import { formatDateTime } from '../i18n/format';
import { importErrorText } from './import-error-text';

// Codes the console knows how to say; anything else falls back to the engine's own message.
export const codeKeys = {
  'auth.invalid_credentials': 'errors.codes.auth.invalid_credentials',
  'auth.locked': 'errors.codes.auth.locked',
  'auth.disabled': 'errors.codes.auth.disabled',
  'auth.already_set_up': 'errors.codes.auth.already_set_up',
  'auth.wrong_current_password': 'errors.codes.auth.wrong_current_password',
  'auth.password_too_short': 'errors.codes.auth.password_too_short',
  'auth.password_contains_username': 'errors.codes.auth.password_contains_username',
  'auth.password_guessable': 'errors.codes.auth.password_guessable',
  'audit.key_unavailable': 'errors.codes.audit.key_unavailable',
  'users.username_taken': 'errors.codes.users.username_taken',
  'users.last_admin': 'errors.codes.users.last_admin',
  'users.self_disable': 'errors.codes.users.self_disable',
  'templates.name_taken': 'errors.codes.templates.name_taken',
  'groups.name_taken': 'errors.codes.groups.name_taken',
  'contacts.invalid_number': 'errors.codes.contacts.invalid_number',
  'import.expired': 'errors.codes.import.expired',
  'alerts.self_approval': 'errors.codes.alerts.self_approval',
  'alerts.not_pending': 'errors.codes.alerts.not_pending',
  'alerts.already_ended': 'errors.codes.alerts.already_ended',
  'alerts.no_voice_text': 'errors.codes.alerts.no_voice_text',
  'alerts.no_sms_text': 'errors.codes.alerts.no_sms_text',
  'alerts.no_dispatcher': 'errors.codes.alerts.no_dispatcher',
  'alerts.not_approved': 'errors.codes.alerts.not_approved',
  'alerts.not_in_doubt': 'errors.codes.alerts.not_in_doubt',
  'alerts.already_burned': 'errors.codes.alerts.already_burned',
  'schedules.invalid_cron': 'errors.codes.schedules.invalid_cron',
  'schedules.never_runs': 'errors.codes.schedules.never_runs',
  'schedules.invalid_run_at': 'errors.codes.schedules.invalid_run_at',
  'schedules.invalid_time_zone': 'errors.codes.schedules.invalid_time_zone',
  'schedules.nonexistent_local_time': 'errors.codes.schedules.nonexistent_local_time',
  'schedules.run_at_passed': 'errors.codes.schedules.run_at_passed',
  'schedules.run_at_required': 'errors.codes.schedules.run_at_required',
  'reports.pdf_unavailable': 'errors.codes.reports.pdf_unavailable',
  'reports.too_many_rows_for_pdf': 'errors.codes.reports.too_many_rows_for_pdf',
  'backup.postgres_own': 'errors.codes.backup.postgres_own',
  // The router's refusal of malformed input: the form shows each field's message beside it.
  validation: 'errors.kinds.validation',
  'settings.fixed_by_env': 'errors.codes.settings.fixed_by_env',
  'transport.lost': 'errors.codes.transport.lost',
  'transport.timeout': 'errors.codes.transport.timeout',
  'proposals.not_open': 'integrations.triggers.errors.notOpen',
  'proposals.no_cancel_request': 'integrations.triggers.errors.noCancelRequest',
} as const;

// For these kinds the engine's English message adds nothing an operator can act on.
const genericKinds = new Set(['unauthenticated', 'forbidden', 'unavailable', 'internal']);

export function errorText(t: TFunction, err: unknown, language: string): string {
  if (!isApiError(err)) return t('errors.unexpected');
  const fileProblem = importErrorText(t, err, language);
  if (fileProblem) return fileProblem;
  const key = err.code ? codeKeys[err.code as keyof typeof codeKeys] : undefined;
  if (key) {
    const until = typeof err.params.until === 'string' ? formatDateTime(err.params.until, language) : '';
    return t(key, { ...err.params, until });
  }
  if (genericKinds.has(err.kind)) return t(`errors.kinds.${err.kind}`);
  return err.message || t(`errors.kinds.${err.kind}`);
}

/** The engine's message for one field, if the error names it. */
export function fieldError(err: unknown, path: string): string | undefined {
  return isApiError(err) ? err.fieldMessage(path) : undefined;
}
