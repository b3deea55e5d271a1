import { Alert, Button, Group, List, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '@contract';
import { formatCount } from '../../../i18n/format';
import { StepHeading } from '../../../components/StepHeading';

/** Step 5: what the book now holds from this file; the summary is announced when it appears. */
export function ResultStep({ result, onClose }: { result: ImportResult; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const fmt = (n: number) => formatCount(n, i18n.language);
  return (
    <Stack>
      <StepHeading>{t('importWizard.resultHeading')}</StepHeading>
      <Alert role="status" color="teal" variant="light" data-testid="import-result">
        {t('importWizard.done', { created: fmt(result.created), updated: fmt(result.updated), skipped: fmt(result.skipped) })}
      </Alert>
      <List>
        <List.Item>{t('importWizard.resultCreated', { count: fmt(result.created) })}</List.Item>
        <List.Item>{t('importWizard.resultUpdated', { count: fmt(result.updated) })}</List.Item>
        <List.Item>{t('importWizard.resultSkipped', { count: fmt(result.skipped) })}</List.Item>
        {result.groupsCreated.length ? (
          <List.Item>{t('importWizard.resultGroups', { names: result.groupsCreated.join(', ') })}</List.Item>
        ) : null}
      </List>
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('common.close')}</Button>
      </Group>
    </Stack>
  );
}
