import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Alert } from '@contract';
import { formatDateTime } from '../../i18n/format';
import { AlertStateBadge, DrillBadge } from './AlertBadges';
import { alertHref, reportHref } from './alert-href';
import { isBurned } from './burn-text';
import { countersSummary } from './alert-text';

/** A list of alerts, newest first; each title opens its live view. */
export function AlertTable({ alerts, label, testId }: { alerts: Alert[]; label: string; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover aria-label={label} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('alerts.columns.title')}</Table.Th>
            <Table.Th scope="col">{t('alerts.columns.state')}</Table.Th>
            <Table.Th scope="col">{t('alerts.columns.created')}</Table.Th>
            <Table.Th scope="col">{t('alerts.columns.outcome')}</Table.Th>
            <Table.Th scope="col">{t('report.column')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alerts.map((a) => (
            <Table.Tr key={a.id} data-alert-id={a.id}>
              <Table.Th scope="row" fw={500}>
                <Group gap="xs" wrap="nowrap">
                  <Anchor href={alertHref(a.id)}>{a.title}</Anchor>
                  {a.drill ? <DrillBadge /> : null}
                  {isBurned(a) ? (
                    <Badge variant="light" color="gray" tt="none" miw="max-content" data-testid="burned-badge">
                      {t('burn.badge')}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Th>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <AlertStateBadge state={a.state} />
                  {a.waitingForUplink ? (
                    <Text span size="sm" c="var(--mantine-color-orange-light-color)">
                      {t('alerts.waitingShort')}
                    </Text>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(a.createdAt, i18n.language)}</Text>
                <Text size="sm" c="dimmed">
                  {a.createdBy ? t('alerts.createdBy', { name: a.createdBy }) : ''}
                </Text>
              </Table.Td>
              <Table.Td>{countersSummary(t, a.counters, i18n.language)}</Table.Td>
              <Table.Td>
                <Anchor href={reportHref(a.id)} aria-label={t('report.openFor', { title: a.title })}>
                  {t('report.open')}
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
