import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertReport } from '@contract';
import { formatCount, formatTime } from '../../../i18n/format';
import { attemptReasonText } from '../attempt-reason';

const PAGE = 100;

/** Every recipient's outcome with its times; a hundred at a time, so a large call-out stays quick. */
export function ReportRecipients({ recipients }: { recipients: AlertReport['recipients'] }) {
  const { t, i18n } = useTranslation();
  const [shown, setShown] = useState(PAGE);
  const rows = recipients.slice(0, shown);
  const time = (iso: string | null) => formatTime(iso, i18n.language);
  return (
    <>
      <Table.ScrollContainer minWidth={860}>
        <Table striped aria-label={t('report.recipientsLabel')} aria-rowcount={recipients.length + 1} data-testid="report-recipients">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('report.columns.name')}</Table.Th>
              <Table.Th scope="col">{t('report.columns.outcome')}</Table.Th>
              <Table.Th scope="col">{t('report.columns.reached')}</Table.Th>
              <Table.Th scope="col">{t('report.columns.confirmed')}</Table.Th>
              <Table.Th scope="col">{t('report.columns.declined')}</Table.Th>
              <Table.Th scope="col">{t('report.columns.attempts')}</Table.Th>
              <Table.Th scope="col">{t('report.columns.failures')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={`${i}-${r.name}`} aria-rowindex={i + 2} data-recipient-state={r.state}>
                <Table.Th scope="row" fw={500}>
                  {r.name}
                </Table.Th>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {t(`alerts.recipientStates.${r.state}`)}
                    {r.inDoubt ? (
                      <Badge variant="light" color="orange" tt="none">
                        {t('report.inDoubt')}
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>{time(r.reachedAt)}</Table.Td>
                <Table.Td>
                  {r.confirmedAt ? `${time(r.confirmedAt)}${r.confirmedVia ? ` (${t(`alerts.channels.${r.confirmedVia}`)})` : ''}` : ''}
                </Table.Td>
                <Table.Td>{time(r.declinedAt)}</Table.Td>
                <Table.Td>{formatCount(r.attempts, i18n.language)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{r.failures.map((f) => `${t(`alerts.channels.${f.channel}`)} ${f.e164}: ${attemptReasonText(t, f.reason)}`).join('; ')}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text role="status" size="sm" c="dimmed">
        {t('report.showing', { shown: formatCount(rows.length, i18n.language), total: formatCount(recipients.length, i18n.language) })}
      </Text>
      {shown < recipients.length ? (
        <Group>
          <Button variant="default" onClick={() => setShown((s) => s + PAGE)}>
            {t('report.showMore')}
          </Button>
        </Group>
      ) : null}
    </>
  );
}
