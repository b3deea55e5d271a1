import { Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconTable } from '@tabler/icons-react';
import { Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '@contract';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { lazyWithRetry } from '../../components/lazy-with-retry';
import { Loading } from '../../components/Loading';
import { formatCount, formatPercent } from '../../i18n/format';

const RatesLineChart = lazyWithRetry(() => import('./RatesLineChart'));

type Daily = Dashboard['daily'];

/** "2026-01-12" as "12 jan." / "12 Jan": the day the engine counted, not shifted by this computer's zone. */
function dayLabel(day: string, language: string, long = false): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    ...(long ? { weekday: 'long' as const } : {}),
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

function average(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/**
 * Delivery and confirmation rates over the last 14 days. The chart is for the eye (hidden from
 * screen readers, the lines told apart by dash as well as colour); the same figures are a table
 * one button away, and the caption says the averages in words.
 */
export function RatesChart({ daily }: { daily: Daily }) {
  const { t, i18n } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  const pct = (v: number | null) => (v === null ? t('overview.rates.none') : formatPercent(v, i18n.language));
  const data = daily.map((d) => ({
    day: dayLabel(d.day, i18n.language),
    delivery: d.deliveryRate === null ? null : Math.round(d.deliveryRate * 100),
    confirmation: d.confirmationRate === null ? null : Math.round(d.confirmationRate * 100),
  }));
  const summary = t('overview.rates.summary', {
    delivery: pct(average(daily.map((d) => d.deliveryRate))),
    confirmation: pct(average(daily.map((d) => d.confirmationRate))),
  });

  return (
    <Stack gap="sm">
      <figure className="gdial-figure">
        {/* Outside the hidden chart, so a failure and its retry button reach screen readers too. */}
        <ErrorBoundary message={t('overview.rates.chartFailed')}>
          {/* "Laddar…" outside the hidden chart: it is a status screen readers should hear. */}
          <Suspense fallback={<Loading />}>
            <div aria-hidden="true">
              <RatesLineChart data={data} labels={{ delivery: t('overview.rates.delivery'), confirmation: t('overview.rates.confirmation') }} />
            </div>
          </Suspense>
        </ErrorBoundary>
        <Text component="figcaption" size="sm" data-testid="rates-summary">
          {summary}
          <VisuallyHidden> {t('overview.rates.tableHint')}</VisuallyHidden>
        </Text>
      </figure>
      <Group>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconTable size={16} aria-hidden />}
          aria-expanded={asTable}
          aria-controls={tableId}
          onClick={() => setAsTable((v) => !v)}
        >
          {asTable ? t('overview.rates.hideTable') : t('overview.rates.showTable')}
        </Button>
      </Group>
      <div id={tableId} hidden={!asTable}>
        {asTable ? (
          <Table withTableBorder striped aria-label={t('overview.rates.tableLabel')} data-testid="rates-table" maw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('overview.rates.day')}</Table.Th>
                <Table.Th scope="col" ta="end">
                  {t('overview.rates.alerts')}
                </Table.Th>
                <Table.Th scope="col" ta="end">
                  {t('overview.rates.delivery')}
                </Table.Th>
                <Table.Th scope="col" ta="end">
                  {t('overview.rates.confirmation')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {daily.map((d) => (
                <Table.Tr key={d.day}>
                  <Table.Th scope="row" fw={500}>
                    {dayLabel(d.day, i18n.language, true)}
                  </Table.Th>
                  <Table.Td ta="end">{formatCount(d.alerts, i18n.language)}</Table.Td>
                  <Table.Td ta="end">{pct(d.deliveryRate)}</Table.Td>
                  <Table.Td ta="end">{pct(d.confirmationRate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </div>
    </Stack>
  );
}
