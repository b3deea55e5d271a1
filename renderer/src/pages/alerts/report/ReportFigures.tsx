import { Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AlertReport } from '@contract';
import { formatCount, formatDuration } from '../../../i18n/format';
import { attemptReasonText } from '../attempt-reason';

type Figures = AlertReport['figures'];

// People first: how each recipient's call-out ended.
const PEOPLE = ['recipients', 'reached', 'confirmed', 'declined', 'failed', 'inDoubt', 'unreached', 'canceled'] as const;

/** The report's figures as terms and values, so a screen reader reads "Bekräftade 3", not "3". */
export function ReportFigures({ figures }: { figures: Figures }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  const seconds = (v: number | null, none: string) => (v === null ? none : formatDuration(v, i18n.language));
  const rows: [string, string, string][] = [
    ['firstConfirmation', t('report.figures.firstConfirmation'), seconds(figures.firstConfirmationSeconds, t('report.figures.nobodyConfirmed'))],
    [
      'quorum',
      t('report.figures.quorum'),
      figures.quorum === null
        ? t('report.figures.noQuorum')
        : figures.quorumSeconds === null
          ? t('report.figures.quorumNotReached', { quorum: n(figures.quorum) })
          : t('report.figures.quorumReached', { quorum: n(figures.quorum), duration: formatDuration(figures.quorumSeconds, i18n.language) }),
    ],
    ['calls', t('report.figures.calls'), t('report.figures.callsValue', { placed: n(figures.callsPlaced), answered: n(figures.callsAnswered) })],
    ['sms', t('report.figures.sms'), t('report.figures.smsValue', { sent: n(figures.smsSent), delivered: n(figures.smsDelivered) })],
  ];
  return (
    <>
      <SimpleGrid component="dl" cols={{ base: 2, sm: 4 }} spacing="sm" m={0} data-testid="report-figures">
        {PEOPLE.map((key) => (
          <Paper key={key} withBorder p="sm">
            <Text component="dt" size="sm" c="dimmed">
              {t(`report.figures.${key}`)}
            </Text>
            <Text component="dd" m={0} fw={700} size="xl" data-testid={`figure-${key}`}>
              {n(figures[key])}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Table className="gdial-kv" withTableBorder variant="vertical" data-testid="report-times">
        <Table.Tbody>
          {rows.map(([key, label, value]) => (
            <Table.Tr key={key}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td data-testid={`figure-${key}`}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

/** Each reason an attempt failed, with how many recipients it befell: "why" for the failed figure. */
export function FailureReasons({ recipients }: { recipients: AlertReport['recipients'] }) {
  const { t, i18n } = useTranslation();
  const counts = new Map<string, number>();
  for (const r of recipients) for (const reason of new Set(r.failures.map((f) => attemptReasonText(t, f.reason)))) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const reasons = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (reasons.length === 0) return <Text size="sm">{t('report.noFailures')}</Text>;
  return (
    <ul className="gdial-plain-list" data-testid="failure-reasons">
      {reasons.map(([reason, count]) => (
        <li key={reason}>
          <Text size="sm">{t('report.failureLine', { reason, count, formatted: formatCount(count, i18n.language) })}</Text>
        </li>
      ))}
    </ul>
  );
}
