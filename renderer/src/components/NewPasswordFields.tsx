import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/api-error';
import { useApi } from '../api/ApiProvider';
import { PasswordField } from './PasswordField';
import { fieldError } from './error-text';
import { isPasswordCode } from './password-rules';

interface Verdict {
  password: string;
  code: string | null;
  params: Record<string, string | number>;
}

/** How long typing must pause before the engine is asked about the password. */
const HINT_DELAY_MS = 300;

/**
 * A new password and its repetition. While the user types, the engine says whether it would accept
 * the password (the rules are the engine's alone), and a refusal on submit is shown at the field
 * in the user's language.
 */
export function NewPasswordFields(props: {
  labels: { password: string; repeat: string };
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  /** The form was submitted: show the problems. */
  checked: boolean;
  problem: 'missing' | 'differs' | null;
  /** Whose password it is, when known: the engine refuses one that contains the username. */
  username?: string;
  /** The engine's error and the contract field it would name for the password. */
  error: unknown;
  field: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { checked, problem, password, username } = props;
  const [verdict, setVerdict] = useState<Verdict | null>(null);

  useEffect(() => {
    if (!password) return;
    let current = true;
    const timer = setTimeout(() => {
      api
        .call('auth.checkPassword', { password, ...(username?.trim() ? { username: username.trim().toLowerCase() } : {}) })
        .then(({ problem: p }) => current && setVerdict({ password, code: p?.code ?? null, params: p?.params ?? {} }))
        // The hint is a courtesy: without it the engine still refuses on submit, with the reason.
        .catch(() => current && setVerdict(null));
    }, HINT_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, password, username]);

  const live = verdict && verdict.password === password && password ? verdict : null;
  const refused = isApiError(props.error) && isPasswordCode(props.error.code) ? props.error : null;
  const engineText = (code: string, params: Record<string, string | number>) => t(`errors.codes.${code}` as 'errors.codes.auth.password_too_short', params);
  const liveText = live?.code ? engineText(live.code, live.params) : null;
  // The engine's answer for the password as it is now wins over a refusal of an earlier one.
  const passwordError =
    (checked && problem === 'missing' && t('common.required')) ||
    (live ? checked && liveText : refused?.code && engineText(refused.code, refused.params)) ||
    (!refused && fieldError(props.error, props.field));

  return (
    <>
      <PasswordField
        label={props.labels.password}
        description={(!checked && liveText) || (live && !live.code ? t('auth.passwordAccepted') : t('auth.passwordHint'))}
        autoComplete="new-password"
        required
        value={props.password}
        onChange={(e) => props.onPassword(e.currentTarget.value)}
        error={passwordError}
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
