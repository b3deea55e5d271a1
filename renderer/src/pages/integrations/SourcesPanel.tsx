/**
 * Integrationer → Källor: each system that sends heartbeats, when it was last heard from and the
 * interval it promised. A silent one is a health warning: said in words above the table and in
 * its row (never by colour alone). Re-read every 30 seconds, since silence is the absence of events.
 * An operator forgets a source that stopped for good ("Glöm källan", confirmed): its warning goes;
 * a new heartbeat brings it back.
 */
import { Alert, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconApi } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiProvider';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
import { useEvery } from '../../components/use-throttled';
import { formatDateTime, formatDuration } from '../../i18n/format';
import { useCan } from '../../session/use-can';
import { MAIN_ID } from '../../shell/SkipLink';

const REFRESH_MS = 30_000;

export function SourcesPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const sources = useLoad(useCallback(() => api.call('triggers.sources', {}), [api]));
  useEvery(sources.reload, REFRESH_MS);
  const silent = (sources.data ?? []).filter((s) => s.silent).length;
  const canForget = useCan('triggers.forgetSource');
  const [forgetting, setForgetting] = useState<string | null>(null);

  async function confirmForget(name: string): Promise<void> {
    await api.call('triggers.forgetSource', { name });
    setForgetting(null);
    sources.setData((items) => items?.filter((s) => s.name !== name));
    notifications.show({ color: 'teal', message: t('integrations.triggers.sources.forgotten', { name }) });
    // The row, and its button where focus would return, is gone: the page instead.
    setTimeout(() => document.getElementById(MAIN_ID)?.focus(), 0);
  }

  return (
    <Stack>
      <Text>{t('integrations.triggers.sources.intro')}</Text>
      <ErrorAlert error={sources.error} />
      {silent > 0 ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('integrations.triggers.sources.silent')} data-testid="silent-sources">
          {t('integrations.triggers.sources.silentWarning', { count: silent })}
        </Alert>
      ) : null}
      {sources.loading && !sources.data ? <Loading /> : null}
      {sources.data && sources.data.length === 0 ? (
        <EmptyNotice icon={<IconApi size={32} />} title={t('integrations.triggers.sources.emptyTitle')} text={t('integrations.triggers.sources.emptyText')} />
      ) : null}
      {sources.data && sources.data.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-label={t('integrations.triggers.sources.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('integrations.triggers.sources.columns.name')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.sources.columns.lastSeen')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.sources.columns.every')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.sources.columns.state')}</Table.Th>
                {canForget ? <Table.Th scope="col">{t('integrations.triggers.sources.columns.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sources.data.map((s) => (
                <Table.Tr key={s.name} data-testid="source-row">
                  <Table.Td>{s.name}</Table.Td>
                  <Table.Td>{formatDateTime(s.lastSeenAt, i18n.language)}</Table.Td>
                  <Table.Td>{formatDuration(s.everySeconds, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Badge color={s.silent ? 'orange' : 'teal'} variant="light" leftSection={s.silent ? <IconAlertTriangle size={12} aria-hidden /> : null}>
                      {s.silent ? t('integrations.triggers.sources.silent') : t('integrations.triggers.sources.ok')}
                    </Badge>
                  </Table.Td>
                  {canForget ? (
                    <Table.Td>
                      <Button variant="default" size="compact-sm" onClick={() => setForgetting(s.name)} aria-label={t('integrations.triggers.sources.forgetLabel', { name: s.name })}>
                        {t('integrations.triggers.sources.forget')}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {forgetting !== null ? (
        <ConfirmModal
          title={t('integrations.triggers.sources.forgetTitle')}
          text={t('integrations.triggers.sources.forgetText', { name: forgetting })}
          confirmLabel={t('integrations.triggers.sources.forget')}
          onConfirm={() => confirmForget(forgetting)}
          onClose={() => setForgetting(null)}
        />
      ) : null}
    </Stack>
  );
}
