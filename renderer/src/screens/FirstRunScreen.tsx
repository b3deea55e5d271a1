import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiProvider';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldError } from '../components/error-text';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { newPasswordProblem } from '../components/password-rules';
import { isLanguage } from '../i18n';
import { useSession } from '../session/session-context';
import { AuthLayout } from './AuthLayout';

/** An empty database: whoever installs GDial creates the first administrator here. */
export function FirstRunScreen() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problem = newPasswordProblem(password, repeat);
  const missing = (value: string) => checked && !value.trim() && t('common.required');

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (problem || !username.trim() || !displayName.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const language = isLanguage(i18n.language) ? i18n.language : 'sv';
      const result = await api.call('auth.setup', { username, displayName, password, language });
      signedIn(result.user);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('auth.setup.title')}>
      <Text>{t('auth.setup.intro')}</Text>
      <ErrorAlert error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <TextInput
            label={t('auth.username')}
            description={t('auth.usernameHint')}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={missing(username) || fieldError(error, 'username')}
          />
          <TextInput
            label={t('auth.displayName')}
            autoComplete="name"
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={missing(displayName) || fieldError(error, 'displayName')}
          />
          <NewPasswordFields
            labels={{ password: t('auth.password'), repeat: t('auth.passwordRepeat') }}
            password={password}
            repeat={repeat}
            onPassword={setPassword}
            onRepeat={setRepeat}
            checked={checked}
            problem={problem}
            username={username}
            error={error}
            field="password"
          />
          <Button type="submit" loading={busy}>
            {t('auth.setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
