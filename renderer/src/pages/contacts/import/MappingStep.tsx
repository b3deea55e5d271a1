import { Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { contactFieldNames } from '@contract';
import type { ColumnMappingDto, ImportReport } from '@contract';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ImportProgress } from './ImportProgress';
import type { ImportProgressEvent } from './ImportProgress';
import { StepHeading } from '../../../components/StepHeading';
import { TotalsBadges } from './TotalsBadges';

type Field = ColumnMappingDto['field'];

interface Props {
  mapping: ColumnMappingDto[];
  /** The dry run for this mapping; null while it runs or when it failed. */
  report: ImportReport | null;
  onChange: (mapping: ColumnMappingDto[]) => void;
  busy: boolean;
  progress: ImportProgressEvent | null;
  error: unknown;
  onBack: () => void;
  onNext: () => void;
}

/** Step 2: one row per column of the file; any change runs the dry run again at once. */
export function MappingStep({ mapping, report, onChange, busy, progress, error, onBack, onNext }: Props) {
  const { t } = useTranslation();
  const options = contactFieldNames.map((f) => ({ value: f, label: t(`importWizard.fields.${f}`) }));

  function set(column: number, field: Field): void {
    onChange(
      mapping.map((m) => {
        if (m.column !== column) return m;
        // A phone column's label ("mobil") belongs to it as a phone column only.
        const { label: _label, ...rest } = m;
        return field === 'phone' && m.field === 'phone' ? m : { ...rest, field };
      }),
    );
  }

  return (
    <Stack>
      <StepHeading>{t('importWizard.mappingHeading')}</StepHeading>
      <Text size="sm">{t('importWizard.mappingIntro')}</Text>
      <Table.ScrollContainer minWidth={480} maxHeight={360}>
        <Table striped aria-label={t('importWizard.mappingTable')} data-testid="import-mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('importWizard.column')}</Table.Th>
              <Table.Th scope="col">{t('importWizard.header')}</Table.Th>
              <Table.Th scope="col">{t('importWizard.field')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mapping.map((m) => {
              const header = m.header || t('importWizard.noHeader');
              return (
                <Table.Tr key={m.column}>
                  <Table.Td>{m.column + 1}</Table.Td>
                  <Table.Th scope="row" fw={500}>
                    {header}
                  </Table.Th>
                  <Table.Td>
                    <NativeSelect
                      aria-label={t('importWizard.fieldFor', { column: m.column + 1, header })}
                      value={m.field}
                      onChange={(e) => set(m.column, e.currentTarget.value as Field)}
                      data={options}
                      disabled={busy}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ErrorAlert error={error} />
      {busy ? <ImportProgress progress={progress} /> : null}
      {report && !busy ? <TotalsBadges totals={report.totals} /> : null}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={busy}>
          {t('importWizard.back')}
        </Button>
        <Button onClick={onNext} disabled={busy || !report || Boolean(error)}>
          {t('importWizard.next')}
        </Button>
      </Group>
    </Stack>
  );
}
