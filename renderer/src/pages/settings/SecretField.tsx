import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { envNameOf } from '@contract';
import type { SecretName, SecretsStatus } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ConfirmModal } from '../../components/ConfirmModal';
import { errorText, fieldError } from '../../components/error-text';
import { PasswordField } from '../../components/PasswordField';
import { useReturnFocus } from '../../components/use-return-focus';

interface Props {
  name: SecretName;
  status: SecretsStatus;
  onStatus: (status: SecretsStatus) => void;
}

/**
 * A secret the engine keeps and never gives back: the field is always empty, the line below it
 * says whether one is stored and where from. It sits inside the settings form but saves on its
 * own, so Enter here saves the token, not the settings.
 */
export function SecretField({ name, status, onStatus }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const focus = useReturnFocus();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const [removing, setRemoving] = useState(false);
  const label = t(`settings.secrets.labels.${name}`);
  const source = status.secrets.find((s) => s.name === name)?.source ?? 'none';
  const sourceText = t(`settings.secrets.status.${source}`, { name: envNameOf(name) });

  async function save(): Promise<void> {
    if (!value.trim()) {
      setEmpty(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await api.call('secrets.set', { name, value });
      setValue('');
      onStatus(next);
      notifications.show({ color: 'teal', message: t('settings.secrets.saved', { label }) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove(): Promise<void> {
    const next = await api.call('secrets.clear', { name });
    onStatus(next);
    setRemoving(false);
    notifications.show({ color: 'teal', message: t('settings.secrets.removed', { label }) });
    // "Ta bort" is disabled now that nothing is stored: the token field takes the focus.
    focus.restore(() => document.getElementById(`${id}-input`));
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    void save();
  }

  const problem = empty && !value.trim() ? t('settings.secrets.empty') : fieldError(error, 'value');
  return (
    <Stack gap={6} role="group" aria-labelledby={`${id}-input-label`} data-secret={name}>
      <PasswordField
        id={`${id}-input`}
        label={label}
        description={t(`settings.secrets.hints.${name}`)}
        autoComplete="new-password"
        spellCheck={false}
        maxLength={500}
        value={value}
        onChange={(e) => {
          setValue(e.currentTarget.value);
          setEmpty(false);
        }}
        onKeyDown={onKeyDown}
        error={problem}
      />
      <Group gap="xs" wrap="nowrap" align="center">
        <IconLock size={16} aria-hidden />
        <Text id={`${id}-status`} size="sm" role="status" data-testid={`secret-status-${name}`}>
          {t('settings.secrets.statusLabel', { status: sourceText })}
        </Text>
      </Group>
      <Group gap="xs">
        <Button size="xs" loading={busy} onClick={() => void save()}>
          {t('settings.secrets.save')}
        </Button>
        <Button
          size="xs"
          variant="default"
          disabled={source !== 'store'}
          onClick={() => {
            focus.remember();
            setRemoving(true);
          }}
        >
          {t('settings.secrets.remove')}
        </Button>
      </Group>
      {error && !problem ? (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {errorText(t, error, i18n.language)}
        </Text>
      ) : null}
      {status.protection === 'file_permissions' ? (
        <Alert color="yellow" variant="light" data-testid={`secret-protection-${name}`}>
          <Text size="sm">{t('settings.secrets.fileProtection')}</Text>
          {status.warning ? (
            <Text size="xs" mt={4} className="gdial-mono">
              {status.warning}
            </Text>
          ) : null}
        </Alert>
      ) : null}
      {removing ? (
        <ConfirmModal
          title={t('settings.secrets.removeTitle', { label })}
          text={t('settings.secrets.removeText', { label })}
          confirmLabel={t('settings.secrets.remove')}
          onConfirm={remove}
          onClose={() => {
            setRemoving(false);
            focus.restore();
          }}
        />
      ) : null}
    </Stack>
  );
}
