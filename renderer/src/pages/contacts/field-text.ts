/** The engine's field refusals in the operator's language, by zod issue code where it has one. */
import type { TFunction } from 'i18next';
import { isApiError } from '../../api/api-error';

export function fieldText(t: TFunction, err: unknown, path: string): string | undefined {
  if (!isApiError(err)) return undefined;
  const issue = err.fields.find((f) => f.path === path);
  if (!issue) return undefined;
  switch (issue.code) {
    case 'too_small':
      return t('common.required');
    case 'too_big':
      return t('contactForm.tooLong', { max: issue.params?.maximum ?? '' });
    case 'invalid_format':
      return path === 'email' ? t('contactForm.invalidEmail') : issue.message;
    default:
      // The engine's own checks (numbers) already speak Swedish.
      return issue.message;
  }
}
