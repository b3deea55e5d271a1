import { Button, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '@contract';
import { isApiError } from '../../../api/api-error';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatCount } from '../../../i18n/format';
import { ImportProgress } from './ImportProgress';
import type { ImportProgressEvent } from './ImportProgress';
import { StepHeading } from '../../../components/StepHeading';

interface Props {
  report: ImportReport;
  targetGroup: string;
  busy: boolean;
  progress: ImportProgressEvent | null;
  error: unknown;
  onBack: () => void;
  onCommit: () => void;
  onReadAgain: () => void;
}

/** Step 4: what will happen, in words, and the one button that writes to the book. */
export function CommitStep({ report, targetGroup, busy, progress, error, onBack, onCommit, onReadAgain }: Props) {
  const { t, i18n } = useTranslation();
  const fmt = (n: number) => formatCount(n, i18n.language);
  const { totals } = report;
  const saved = totals.new + totals.update;
  const skipped = totals.rows - saved;
  const expired = isApiError(error) && error.code === 'import.expired';

  return (
    <Stack>
      <StepHeading>{t('importWizard.commitHeading')}</StepHeading>
      {saved > 0 ? (
        <List>
          <List.Item>{t('importWizard.commitSave', { count: saved, formatted: fmt(saved), new: fmt(totals.new), update: fmt(totals.update) })}</List.Item>
          {skipped > 0 ? <List.Item>{t('importWizard.commitSkipped', { count: skipped, formatted: fmt(skipped) })}</List.Item> : null}
          {targetGroup.trim() ? <List.Item>{t('importWizard.commitGroup', { name: targetGroup.trim() })}</List.Item> : null}
        </List>
      ) : (
        <Text>{t('importWizard.commitNothing')}</Text>
      )}
      <ErrorAlert error={error} />
      {busy ? <ImportProgress progress={progress} /> : null}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={busy}>
          {t('importWizard.back')}
        </Button>
        {expired ? (
          <Button onClick={onReadAgain}>{t('importWizard.readAgain')}</Button>
        ) : (
          <Button onClick={onCommit} loading={busy} disabled={saved === 0}>
            {t('importWizard.commit')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
