import { Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiProvider';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldError } from '../components/error-text';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { PasswordField } from '../components/PasswordField';
import { newPasswordProblem } from '../components/password-rules';
import { useSession } from '../session/session-context';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problem = newPasswordProblem(next, repeat);

  function close(): void {
    setCurrent('');
    setNext('');
    setRepeat('');
    setChecked(false);
    setError(null);
    onClose();
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (problem || !current) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('auth.changePassword', { currentPassword: current, newPassword: next });
      notifications.show({ color: 'teal', message: t('changePassword.done') });
      close();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={t('changePassword.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} />
          <PasswordField
            label={t('changePassword.current')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={(checked && !current && t('common.required')) || fieldError(error, 'currentPassword')}
            data-autofocus
          />
          <NewPasswordFields
            labels={{ password: t('changePassword.next'), repeat: t('changePassword.repeat') }}
            password={next}
            repeat={repeat}
            onPassword={setNext}
            onRepeat={setRepeat}
            checked={checked}
            problem={problem}
            username={user?.username}
            error={error}
            field="newPassword"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('changePassword.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
