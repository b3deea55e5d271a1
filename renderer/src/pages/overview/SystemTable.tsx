import { Badge, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemInfo } from '@contract';
import { formatDateTime } from '../../i18n/format';

/** The engine's version, where it keeps its data and where it listens. */
export function SystemTable({ info }: { info: SystemInfo }) {
  const { t, i18n } = useTranslation();
  const rows: [string, ReactNode][] = [
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
    [t('overview.databaseEngine'), info.databaseEngine === 'postgres' ? t('overview.enginePostgres') : t('overview.engineSqlite')],
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
