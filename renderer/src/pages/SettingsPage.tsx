import { Alert, Button, Group, NativeSelect, NumberInput, Stack, Switch } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { envNameOf } from '@contract';
import type { SettingKey, Settings, SettingsView } from '@contract';
import { useApi } from '../api/ApiProvider';
import { isLanguage } from '../i18n';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldError } from '../components/error-text';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/use-load';
import { useUser } from '../session/session-context';
import { settingFields } from './setting-fields';
import type { SettingField } from './setting-fields';

export function SettingsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const view = useLoad(useCallback(() => api.call('settings.get', {}), [api]));
  return (
    <Page title={t('settings.title')}>
      <ErrorAlert error={view.error} />
      {view.data ? (
        // Remounting on saved values resets the draft to what the engine now holds.
        <SettingsForm key={JSON.stringify(view.data.values)} view={view.data} onSaved={(v) => view.setData(() => v)} />
      ) : view.loading ? (
        <Loading />
      ) : null}
    </Page>
  );
}

type Draft = Record<string, unknown>;

function SettingsForm({ view, onSaved }: { view: SettingsView; onSaved: (view: SettingsView) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const isAdmin = useUser().role === 'admin';
  const [draft, setDraft] = useState<Draft>(view.values);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const current = view.values as Draft;

  const fixed = (key: SettingKey) => view.sources[key] === 'environment';
  const editable = (key: SettingKey) => isAdmin && !fixed(key);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    // Only what changed: the others may be fixed by the environment or edited by someone else.
    const patch = Object.fromEntries(
      settingFields.filter(({ key }) => editable(key) && draft[key] !== current[key]).map(({ key }) => [key, draft[key]]),
    ) as Partial<Settings>;
    setBusy(true);
    setError(null);
    try {
      const next = await api.call('settings.update', patch);
      notifications.show({ color: 'teal', message: t('settings.saved') });
      onSaved(next);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack maw={560}>
        {!isAdmin ? (
          <Alert role="note" color="gray" variant="light">
            {t('settings.readOnly')}
          </Alert>
        ) : null}
        <ErrorAlert error={error} />
        {settingFields.map((field) => (
          <SettingInput
            key={field.key}
            field={field}
            value={draft[field.key]}
            disabled={!editable(field.key)}
            fixed={fixed(field.key)}
            restart={view.restartRequired.includes(field.key)}
            error={fieldError(error, field.key)}
            onChange={(value) => setDraft((d) => ({ ...d, [field.key]: value }))}
          />
        ))}
        {isAdmin ? (
          <Group>
            <Button type="submit" loading={busy}>
              {t('settings.save')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

interface InputProps {
  field: SettingField;
  value: unknown;
  disabled: boolean;
  fixed: boolean;
  restart: boolean;
  error: string | undefined;
  onChange: (value: unknown) => void;
}

function SettingInput({ field, value, disabled, fixed, restart, error, onChange }: InputProps) {
  const { t, i18n } = useTranslation();
  const { key } = field;
  const label = i18n.exists(`settings.labels.${key}`) ? t(`settings.labels.${key}`) : key;
  const notes = [
    i18n.exists(`settings.hints.${key}`) ? t(`settings.hints.${key}`) : '',
    fixed ? t('settings.fromEnv', { name: envNameOf(key) }) : '',
    restart ? t('settings.restart') : '',
  ].filter(Boolean);
  const description = notes.length ? notes.join(' ') : undefined;
  const common = { label, description, disabled, error };

  switch (field.kind) {
    case 'number':
      return (
        <NumberInput
          {...common}
          min={field.min}
          max={field.max}
          allowDecimal={false}
          clampBehavior="strict"
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => typeof v === 'number' && onChange(v)}
        />
      );
    case 'boolean':
      return <Switch {...common} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'choice':
      return (
        <NativeSelect
          {...common}
          value={String(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          // Only language settings are choices so far; other options show as they are spelt.
          data={field.options.map((o) => ({ value: o, label: isLanguage(o) ? t(`language.${o}`) : o }))}
        />
      );
  }
}
