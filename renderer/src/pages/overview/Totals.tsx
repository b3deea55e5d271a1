import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '@contract';
import { formatCount } from '../../i18n/format';

const KEYS = ['alerts', 'drills', 'recipients', 'confirmed', 'calls', 'sms'] as const;

/** Today and this week side by side: one row per figure, one column per period. */
export function Totals({ dashboard }: { dashboard: Dashboard }) {
  const { t, i18n } = useTranslation();
  return (
    <Table withTableBorder striped aria-label={t('overview.totals.label')} data-testid="overview-totals" maw={560}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('overview.totals.figure')}</Table.Th>
          <Table.Th scope="col" ta="end">
            {t('overview.totals.today')}
          </Table.Th>
          <Table.Th scope="col" ta="end">
            {t('overview.totals.week')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {KEYS.map((key) => (
          <Table.Tr key={key}>
            <Table.Th scope="row" fw={500}>
              {t(`overview.totals.${key}`)}
            </Table.Th>
            <Table.Td ta="end" className="gdial-number" data-testid={`total-today-${key}`}>
              {formatCount(dashboard.today[key], i18n.language)}
            </Table.Td>
            <Table.Td ta="end" className="gdial-number" data-testid={`total-week-${key}`}>
              {formatCount(dashboard.week[key], i18n.language)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
