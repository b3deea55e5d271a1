import { ActionIcon, Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconKeyOff, IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../i18n/format';
import { ApiKeyFormModal } from './ApiKeyFormModal';
import { ApiKeySecretModal } from './ApiKeySecretModal';

type Dialog = { kind: 'create' } | { kind: 'created'; key: ApiKey; secret: string } | { kind: 'revoke'; key: ApiKey } | null;

/** API keys (admins): the list, a new key shown once, revocation after a confirmation. */
export function ApiKeysPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const lang = i18n.language;
  const list = useLoad(useCallback(() => api.call('apiKeys.list', {}), [api]));
  const [dialog, setDialog] = useState<Dialog>(null);

  const replace = (key: ApiKey) => list.setData((items) => [key, ...(items ?? []).filter((k) => k.id !== key.id)]);

  // Said in full, never cut to "Ak…": the badge may not shrink.
  const badgeStyles = { root: { overflow: 'visible' }, label: { overflow: 'visible' } } as const;
  const status = (k: ApiKey) =>
    k.revokedAt ? (
      <Stack gap={2} align="flex-start">
        <Badge color="gray" variant="light" tt="none" styles={badgeStyles}>
          {t('integrations.api.keys.revokedBadge')}
        </Badge>
        <Text size="xs" c="dimmed">
          {formatDateTime(k.revokedAt, lang)}
        </Text>
      </Stack>
    ) : (
      <Badge color="teal" variant="light" tt="none" styles={badgeStyles}>
        {t('integrations.api.keys.active')}
      </Badge>
    );

  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text maw={720}>{t('integrations.api.keys.intro')}</Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
          {t('integrations.api.keys.new')}
        </Button>
      </Group>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyNotice icon={<IconKey />} title={t('integrations.api.keys.empty')} text={t('integrations.api.keys.usage')} />
      ) : null}
      {list.data && list.data.length > 0 ? (
        // Scrolls sideways in a narrow column (Inställningar): the keyboard must reach it even when no row has a button.
        <Table.ScrollContainer minWidth={900} scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-label': t('integrations.api.keys.tableLabel') } }}>
          <Table striped highlightOnHover aria-label={t('integrations.api.keys.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('integrations.api.keys.name')}</Table.Th>
                <Table.Th scope="col">{t('integrations.api.keys.role')}</Table.Th>
                <Table.Th scope="col">{t('integrations.api.keys.allowed')}</Table.Th>
                <Table.Th scope="col">{t('integrations.api.keys.prefix')}</Table.Th>
                <Table.Th scope="col">{t('integrations.api.keys.created')}</Table.Th>
                <Table.Th scope="col">{t('integrations.api.keys.lastUsed')}</Table.Th>
                <Table.Th scope="col">{t('integrations.api.keys.status')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Th scope="row" fw={500}>
                    {k.name}
                  </Table.Th>
                  <Table.Td>{t(`roles.${k.role}`)}</Table.Td>
                  <Table.Td>
                    {k.allowedMethods.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('integrations.api.keys.allMethods')}
                      </Text>
                    ) : (
                      <Group gap={4}>
                        {k.allowedMethods.map((p) => (
                          <Code key={p}>{p}</Code>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    {formatDateTime(k.createdAt, lang)}
                    {k.createdBy ? (
                      <Text span size="sm" c="dimmed">
                        {' '}
                        {t('integrations.api.keys.createdBy', { name: k.createdBy })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, lang) : t('common.never')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{status(k)}</Table.Td>
                  <Table.Td>
                    {k.revokedAt ? null : (
                      <ActionIcon variant="subtle" color="red" aria-label={t('integrations.api.keys.revoke', { name: k.name })} onClick={() => setDialog({ kind: 'revoke', key: k })}>
                        <IconKeyOff size={18} aria-hidden />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {dialog?.kind === 'create' ? (
        <ApiKeyFormModal
          onClose={() => setDialog(null)}
          onCreated={(key, secret) => {
            replace(key);
            setDialog({ kind: 'created', key, secret });
          }}
        />
      ) : null}
      {dialog?.kind === 'created' ? <ApiKeySecretModal name={dialog.key.name} secret={dialog.secret} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'revoke' ? (
        <ConfirmModal
          title={t('integrations.api.keys.revokeTitle', { name: dialog.key.name })}
          text={t('integrations.api.keys.revokeText')}
          confirmLabel={t('integrations.api.keys.revokeConfirm')}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            const revoked = await api.call('apiKeys.revoke', { id: dialog.key.id });
            list.setData((items) => (items ?? []).map((k) => (k.id === revoked.id ? revoked : k)));
            setDialog(null);
            notifications.show({ color: 'teal', message: t('integrations.api.keys.revoked', { name: revoked.name }) });
          }}
        />
      ) : null}
    </Stack>
  );
}
