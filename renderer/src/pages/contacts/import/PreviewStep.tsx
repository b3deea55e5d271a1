import { Badge, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importStatuses } from '@contract';
import type { ImportReport, ImportStatus } from '@contract';
import { formatCount } from '../../../i18n/format';
import { StepHeading } from '../../../components/StepHeading';
import { statusColor, TotalsBadges } from './TotalsBadges';
import { importReasonsText } from '../../alerts/attempt-reason';

interface Props {
  report: ImportReport;
  onBack: () => void;
  onNext: () => void;
}

/** Step 3: every row's verdict with its line number and reason; problem rows can be shown alone. */
export function PreviewStep({ report, onBack, onNext }: Props) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<ImportStatus | ''>('');
  const rows = status ? report.rows.filter((r) => r.status === status) : report.rows;
  const fmt = (n: number) => formatCount(n, i18n.language);
  const format = report.format === 'csv' ? `CSV${report.delimiter ? ` (${report.delimiter === '\t' ? 'tab' : report.delimiter})` : ''}` : 'vCard';

  return (
    <Stack>
      <StepHeading>{t('importWizard.previewHeading')}</StepHeading>
      <Text size="sm" c="dimmed">
        {t('importWizard.fileFacts', { file: report.fileName, format, encoding: report.encoding })}
      </Text>
      <TotalsBadges totals={report.totals} />
      <NativeSelect
        label={t('importWizard.statusFilter')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as ImportStatus | '')}
        data={[
          { value: '', label: `${t('importWizard.allRows')} (${fmt(report.totals.rows)})` },
          ...importStatuses.map((s) => ({ value: s, label: `${t(`importWizard.statuses.${s}`)} (${fmt(report.totals[s])})` })),
        ]}
        w={260}
      />
      {report.truncated ? (
        <Text size="sm">{t('importWizard.truncated', { shown: fmt(report.rows.length), total: fmt(report.totals.rows) })}</Text>
      ) : null}
      <div className="gdial-scroll-region" role="region" aria-label={t('importWizard.rowsTable')} tabIndex={0}>
        <Table striped stickyHeader aria-label={t('importWizard.rowsTable')} data-testid="import-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('importWizard.line')}</Table.Th>
              <Table.Th scope="col">{t('importWizard.status')}</Table.Th>
              <Table.Th scope="col">{t('importWizard.name')}</Table.Th>
              <Table.Th scope="col">{t('importWizard.firstCall')}</Table.Th>
              <Table.Th scope="col">{t('importWizard.numbers')}</Table.Th>
              <Table.Th scope="col">{t('importWizard.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={`${r.line}:${r.status}`} data-status={r.status}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td>
                  <Badge color={statusColor[r.status]} variant="light" tt="none">
                    {t(`importWizard.statuses.${r.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.name}</Table.Td>
                {/* The engine's call order: mobile, then work, then home, whatever the file's column order. */}
                <Table.Td className="gdial-number" data-testid="first-call">
                  {r.firstCall ?? ''}
                </Table.Td>
                <Table.Td className="gdial-number">{r.numbers.join(', ')}</Table.Td>
                <Table.Td>{importReasonsText(t, r.reasons)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {rows.length === 0 ? (
          <Text p="sm" c="dimmed">
            {t('importWizard.noRows')}
          </Text>
        ) : null}
      </div>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('importWizard.back')}
        </Button>
        <Button onClick={onNext}>{t('importWizard.next')}</Button>
      </Group>
    </Stack>
  );
}
