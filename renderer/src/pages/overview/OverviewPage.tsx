import { Badge, Table, Title } from '@mantine/core';
import { IconBellOff } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemInfo } from '@contract';
import { useApi } from '../api/ApiProvider';
import { EmptyNotice } from '../components/EmptyNotice';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/use-load';
import { formatDateTime } from '../i18n/format';

export function OverviewPage() {
  const { t } = useTranslation();
  const api = useApi();
  const info = useLoad(useCallback(() => api.call('system.info', {}), [api]));
  return (
    <Page title={t('overview.title')}>
      <EmptyNotice icon={<IconBellOff size={32} />} title={t('overview.noAlertsTitle')} text={t('overview.noAlertsText')} />
      <section aria-labelledby="overview-system">
        <Title order={2} size="h3" id="overview-system" mb="sm">
          {t('overview.system')}
        </Title>
        <ErrorAlert error={info.error} />
        {info.data ? <SystemTable info={info.data} /> : info.loading ? <Loading /> : null}
      </section>
    </Page>
  );
}

function SystemTable({ info }: { info: SystemInfo }) {
  const { t, i18n } = useTranslation();
  const rows: [string, React.ReactNode][] = [
    [t('overview.version'), info.version],
    [t('overview.schemaVersion'), info.schemaVersion],
    [t('overview.startedAt'), formatDateTime(info.startedAt, i18n.language)],
    [t('overview.listen'), <span className="gdial-mono">{info.listen}</span>],
    [
      t('overview.lanAccess'),
      <Badge variant="light" color={info.lanAccess ? 'orange' : 'gray'} tt="none">
        {info.lanAccess ? t('common.yes') : t('common.no')}
      </Badge>,
    ],
    [t('overview.dataDir'), <span className="gdial-mono">{info.dataDir}</span>],
    [t('overview.databasePath'), <span className="gdial-mono">{info.databasePath}</span>],
  ];
  return (
    <Table className="gdial-kv" withTableBorder variant="vertical" data-testid="system-info">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row">{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
