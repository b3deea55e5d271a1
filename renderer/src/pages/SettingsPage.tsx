import { Alert, Button, Fieldset, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as GroupDto, SettingKey, Settings, SettingsView } from '@contract';
import { useApi } from '../api/ApiProvider';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldError } from '../components/error-text';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/use-load';
import { useUser } from '../session/session-context';
import { settingFields, settingSections } from './setting-fields';
import { SettingInput } from './SettingInput';

export function SettingsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const view = useLoad(useCallback(() => api.call('settings.get', {}), [api]));
  // For the drill roster: chosen by group name, not typed as an id.
  const groups = useLoad(useCallback(() => api.call('groups.list', {}), [api]));
  return (
    <Page title={t('settings.title')}>
      <ErrorAlert error={view.error} />
      {view.data ? (
        // Remounting on saved values resets the draft to what the engine now holds.
        <SettingsForm key={JSON.stringify(view.data.values)} view={view.data} groups={groups.data} onSaved={(v) => view.setData(() => v)} />
      ) : view.loading ? (
        <Loading />
      ) : null}
    </Page>
  );
}

type Draft = Record<string, unknown>;

interface FormProps {
  view: SettingsView;
  groups: GroupDto[] | undefined;
  onSaved: (view: SettingsView) => void;
}

function SettingsForm({ view, groups, onSaved }: FormProps) {
  const { t } = useTranslation();
  const api = useApi();
  const isAdmin = useUser().role === 'admin';
  const [draft, setDraft] = useState<Draft>(view.values);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const current = view.values as Draft;
  const sectionHints = t('settings.sectionHints', { returnObjects: true });

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
      <Stack maw={640}>
        {!isAdmin ? (
          <Alert role="note" color="gray" variant="light">
            {t('settings.readOnly')}
          </Alert>
        ) : null}
        <ErrorAlert error={error} />
        {settingSections.map((section) => (
          <Fieldset
            key={section.id}
            data-section={section.id}
            legend={
              <Title order={2} size="h4">
                {t(`settings.sections.${section.id}`)}
              </Title>
            }
          >
            <Stack>
              {sectionHints[section.id] ? (
                <Text size="sm" c="dimmed">
                  {sectionHints[section.id]}
                </Text>
              ) : null}
              {section.fields.map((field) => (
                <SettingInput
                  key={field.key}
                  field={field}
                  value={draft[field.key]}
                  disabled={!editable(field.key)}
                  fixed={fixed(field.key)}
                  restart={view.restartRequired.includes(field.key)}
                  error={fieldError(error, field.key)}
                  groups={groups}
                  onChange={(value) => setDraft((d) => ({ ...d, [field.key]: value }))}
                />
              ))}
            </Stack>
          </Fieldset>
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
