import { Button, Group, Modal, MultiSelect, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiKeyRoleSchema, type ApiKey, type ApiKeyRole } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { isApiError } from '../../api/api-error';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldError } from '../../components/error-text';
import { useLoad } from '../../components/use-load';
import { byDomain, methodsOf } from './api-docs-model';

interface Props {
  onClose: () => void;
  onCreated: (key: ApiKey, secret: string) => void;
}

/** The choices for an allowlist: `metrics`, each domain as `domain.*`, and each method, from the API's own document. */
function useAllowlistChoices() {
  const api = useApi();
  const doc = useLoad(useCallback(() => api.call('system.apiDocument', {}), [api]));
  return useMemo(() => {
    if (!doc.data) return [{ group: 'metrics', items: ['metrics'] }];
    return [
      { group: '/metrics', items: ['metrics'] },
      ...byDomain(methodsOf(doc.data)).map(([domain, items]) => ({ group: domain, items: [`${domain}.*`, ...items.map((m) => m.method)] })),
    ];
  }, [doc.data]);
}

/** Creates a key: name, role and an optional allowlist. Mounted only while open. */
export function ApiKeyFormModal({ onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const choices = useAllowlistChoices();
  const [name, setName] = useState('');
  const [role, setRole] = useState<ApiKeyRole>('operator');
  const [allowed, setAllowed] = useState<string[]>([]);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const code = isApiError(error) ? error.code : undefined;
  const ownWords = code === 'apiKeys.name_taken' || code === 'apiKeys.unknown_method';

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.call('apiKeys.create', { name, role, allowedMethods: allowed });
      onCreated(created.key, created.secret);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const nameError = (checked && !name.trim() && t('common.required')) || (code === 'apiKeys.name_taken' ? t('integrations.api.keys.nameTaken') : fieldError(error, 'name'));
  const allowedError =
    code === 'apiKeys.unknown_method' && isApiError(error)
      ? t('integrations.api.keys.unknownMethod', { pattern: String(error.params.pattern ?? '') })
      : undefined;

  return (
    <Modal opened onClose={onClose} title={t('integrations.api.keys.createTitle')} closeButtonProps={{ 'aria-label': t('common.close') }} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          {ownWords ? null : <ErrorAlert error={error} />}
          <TextInput
            label={t('integrations.api.keys.name')}
            description={t('integrations.api.keys.nameHint')}
            required
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            data-autofocus
          />
          <NativeSelect
            label={t('integrations.api.keys.role')}
            description={t('integrations.api.keys.roleHint')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as ApiKeyRole)}
            data={apiKeyRoleSchema.options.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
          <MultiSelect
            label={t('integrations.api.keys.allowed')}
            description={t('integrations.api.keys.allowedHint')}
            placeholder={allowed.length === 0 ? t('integrations.api.keys.allowedPlaceholder') : undefined}
            data={choices}
            value={allowed}
            onChange={setAllowed}
            searchable
            clearable
            hidePickedOptions
            maxDropdownHeight={280}
            error={allowedError}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('integrations.api.keys.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
