import { Alert, Button, Fieldset, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { Fragment, useCallback, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as GroupDto, SecretName, SettingKey, Settings, SettingsView } from '@contract';
import { useApi } from '../api/ApiProvider';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldError } from '../components/error-text';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/use-load';
import { useUnsavedGuard } from '../components/use-unsaved-guard';
import { useCan } from '../session/use-can';
import { AddressModeField } from './settings/AddressModeField';
import { BackupsPanel } from './settings/BackupsPanel';
import { SecretField } from './settings/SecretField';
import { addressModeOf, isRelevant, isValidPublicUrl, isValidSmsSender, withAddressMode } from './settings/settings-rules';
import type { AddressMode } from './settings/settings-rules';
import { WebhookStatusPanel } from './settings/WebhookStatusPanel';
import { ApiKeysPanel } from './integrations/ApiKeysPanel';
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

/** The checks the engine's schema cannot explain well: said beside the field, before anything is sent. */
function localProblems(draft: Draft, mode: AddressMode, t: TFunction): Partial<Record<SettingKey, string>> {
  return {
    smsSender: isValidSmsSender(String(draft.smsSender ?? '')) ? undefined : t('settings.smsSenderInvalid'),
    publicUrl: mode !== 'own' || isValidPublicUrl(String(draft.publicUrl ?? '')) ? undefined : t('settings.publicAddress.urlRequired'),
  };
}

function SettingsForm({ view, groups, onSaved }: FormProps) {
  const { t } = useTranslation();
  const api = useApi();
  // What this user may change and see comes from the contract's method table.
  const mayChange = useCan('settings.update');
  const maySeeSecrets = useCan('secrets.status');
  const mayBackUp = useCan('backups.list');
  const mayManageKeys = useCan('apiKeys.list');
  const [draft, setDraft] = useState<Draft>(view.values);
  const [mode, setMode] = useState<AddressMode>(() => addressModeOf(view.values));
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Write-only secrets: only administrators may even ask whether one is set.
  const secrets = useLoad(useCallback(() => (maySeeSecrets ? api.call('secrets.status', {}) : Promise.resolve(null)), [api, maySeeSecrets]));
  const current = view.values as Draft;
  const sectionHints = t('settings.sectionHints', { returnObjects: true });

  const fixed = (key: SettingKey) => view.sources[key] === 'environment';
  const editable = (key: SettingKey) => mayChange && !fixed(key);
  const problems = localProblems(draft, mode, t);
  // A problem shows once the field was changed or a save was tried; a value set elsewhere is not ours to judge.
  const problemOf = (key: SettingKey) => (editable(key) && (checked || draft[key] !== current[key]) ? problems[key] : undefined);
  // Only what changed is saved (the others may be fixed by the environment or edited by someone
  // else), and only that is lost by leaving: the menu, Back and closing the window ask first.
  const changed = settingFields.filter(({ key }) => editable(key) && draft[key] !== current[key]);
  const guard = useUnsavedGuard(changed.length > 0);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    const blocking = (Object.keys(problems) as SettingKey[]).filter((key) => problems[key] && editable(key) && isRelevant(key, draft, mode));
    if (blocking.length > 0) {
      document.querySelector<HTMLElement>(`[data-setting="${blocking[0]}"]`)?.focus();
      return;
    }
    const patch = Object.fromEntries(changed.map(({ key }) => [key, draft[key]])) as Partial<Settings>;
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

  function secretField(name: SecretName): ReactNode {
    if (!maySeeSecrets) return null;
    if (secrets.data) return <SecretField name={name} status={secrets.data} onStatus={(s) => secrets.setData(() => s)} />;
    return secrets.error ? <ErrorAlert error={secrets.error} /> : <Loading />;
  }

  /** What belongs right after a setting: the token beside its account, the help of the chosen engine. */
  function after(key: SettingKey): ReactNode {
    switch (key) {
      case 'twilioAccountSid':
        return secretField('twilioAuthToken');
      case 'ngrokDomain':
        return secretField('ngrokAuthtoken');
      case 'ttsEngine':
        return (
          <Text size="sm" data-testid="tts-help">
            {t(`settings.ttsHelp.${String(draft.ttsEngine)}`)}
          </Text>
        );
      default:
        return null;
    }
  }

  function field(key: SettingKey): ReactNode {
    const def = settingFields.find((f) => f.key === key);
    if (!def) return null;
    if (key === 'tunnel') {
      return (
        <AddressModeField
          key={key}
          mode={mode}
          disabled={!editable('tunnel') || !editable('publicUrl')}
          fixedKeys={(['tunnel', 'publicUrl'] as SettingKey[]).filter(fixed)}
          restart={view.restartRequired.includes('tunnel') || view.restartRequired.includes('publicUrl')}
          onChange={(m) => {
            setMode(m);
            setDraft((d) => withAddressMode(m, d));
          }}
        />
      );
    }
    return (
      <Fragment key={key}>
        <SettingInput
          field={def}
          value={draft[key]}
          disabled={!editable(key)}
          fixed={fixed(key)}
          restart={view.restartRequired.includes(key)}
          error={problemOf(key) ?? fieldError(error, key)}
          groups={groups}
          onChange={(value) => setDraft((d) => ({ ...d, [key]: value }))}
        />
        {after(key)}
      </Fragment>
    );
  }

  return (
    <>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {guard.prompt}
        <Stack maw={720}>
          {!mayChange ? (
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
                {section.fields.filter((f) => isRelevant(f.key, draft, mode)).map((f) => field(f.key))}
                {section.id === 'publicAddress' ? <WebhookStatusPanel statusPollSeconds={view.values.statusPollSeconds} /> : null}
                {section.id === 'backups' && mayBackUp ? <BackupsPanel /> : null}
              </Stack>
            </Fieldset>
          ))}
          {mayChange ? (
            <Group>
              <Button type="submit" loading={busy}>
                {t('settings.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
      {/* The same keys as under Integrationer: kept here too, where admins look for access settings. Outside the form: they are saved one by one. */}
      {mayManageKeys ? (
        <Fieldset
          mt="lg"
          maw={720}
          data-section="apiKeys"
          legend={
            <Title order={2} size="h4">
              {t('integrations.tabs.nycklar')}
            </Title>
          }
        >
          <ApiKeysPanel />
        </Fieldset>
      ) : null}
    </>
  );
}
