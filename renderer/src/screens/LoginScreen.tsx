import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiProvider';
import { ErrorAlert } from '../components/ErrorAlert';
import { PasswordField } from '../components/PasswordField';
import { useSession } from '../session/session-context';
import type { EndReason } from '../session/session-context';
import { AuthLayout } from './AuthLayout';

export function LoginScreen({ notice }: { notice: EndReason | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const { signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('auth.login', { username, password });
      signedIn(result.user);
    } catch (err) {
      setError(err);
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('auth.login.title')}>
      {notice && !error ? (
        <Alert role="status" color="blue" variant="light">
          {t(`auth.ended.${notice}`)}
        </Alert>
      ) : null}
      <ErrorAlert error={error} />
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput
            label={t('auth.username')}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
          <PasswordField
            label={t('auth.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            {t('auth.login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
