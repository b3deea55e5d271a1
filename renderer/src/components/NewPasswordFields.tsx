import { MIN_PASSWORD_LENGTH } from '@contract';
import { useTranslation } from 'react-i18next';
import { PasswordField } from './PasswordField';
import { fieldError } from './error-text';

/** A new password and its repetition, with the length and match checks every form shares. */
export function NewPasswordFields(props: {
  labels: { password: string; repeat: string };
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  /** The form was submitted: show the problems. */
  checked: boolean;
  problem: 'short' | 'differs' | null;
  /** The engine's error and the contract field it would name for the password. */
  error: unknown;
  field: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const { checked, problem } = props;
  return (
    <>
      <PasswordField
        label={props.labels.password}
        description={t('auth.passwordHint', { min: MIN_PASSWORD_LENGTH })}
        autoComplete="new-password"
        required
        value={props.password}
        onChange={(e) => props.onPassword(e.currentTarget.value)}
        error={(checked && problem === 'short' && t('auth.passwordTooShort', { min: MIN_PASSWORD_LENGTH })) || fieldError(props.error, props.field)}
        data-autofocus={props.autoFocus || undefined}
      />
      <PasswordField
        label={props.labels.repeat}
        autoComplete="new-password"
        required
        value={props.repeat}
        onChange={(e) => props.onRepeat(e.currentTarget.value)}
        error={checked && problem === 'differs' && t('auth.passwordsDiffer')}
      />
    </>
  );
}
