import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ScheduleRun } from '@contract';
import { formatDateTime } from '../../i18n/format';
import { alertHref } from '../alerts/alert-href';
import { runOutcomeText } from './rule-text';

/** What happened at each run, newest first: when it was due, when GDial handled it, and how. */
export function RunsTable({ runs }: { runs: ScheduleRun[] }) {
  const { t, i18n } = useTranslation();
  if (runs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('schedules.runs.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped aria-label={t('schedules.runs.tableLabel')} data-testid="schedule-runs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('schedules.runs.due')}</Table.Th>
            <Table.Th scope="col">{t('schedules.runs.schedule')}</Table.Th>
            <Table.Th scope="col">{t('schedules.runs.outcome')}</Table.Th>
            <Table.Th scope="col">{t('schedules.runs.handled')}</Table.Th>
            <Table.Th scope="col">{t('schedules.runs.alert')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((r) => (
            <Table.Tr key={r.id} data-outcome={r.outcome}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.dueAt, i18n.language)}</Table.Td>
              <Table.Td>{r.scheduleName}</Table.Td>
              <Table.Td>
                <Text size="sm">{runOutcomeText(t, r.outcome)}</Text>
                {/* Why a run failed; for a missed run the outcome already says it. */}
                {r.detail && r.outcome === 'failed' ? (
                  <Text size="sm" c="dimmed">
                    {r.detail}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.handledAt, i18n.language)}</Table.Td>
              <Table.Td>{r.alertId ? <Anchor href={alertHref(r.alertId)}>{t('schedules.runs.openAlert', { id: r.alertId })}</Anchor> : ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
