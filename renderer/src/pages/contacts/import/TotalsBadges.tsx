import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportStatus, ImportTotals } from '@contract';
import { formatCount } from '../../../i18n/format';

export const statusColor: Record<ImportStatus, string> = {
  new: 'teal',
  update: 'blue',
  duplicate: 'gray',
  invalid: 'red',
  conflict: 'orange',
};

const ORDER = ['rows', 'new', 'update', 'duplicate', 'invalid', 'conflict'] as const;

/** The dry run's counts; problems are coloured, and zero counts of problems are left out. */
export function TotalsBadges({ totals }: { totals: ImportTotals }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap="xs" role="list" aria-label={t('importWizard.totalsLabel')} data-testid="import-totals">
      {ORDER.filter((key) => key === 'rows' || key === 'new' || totals[key] > 0).map((key) => (
        <Badge key={key} role="listitem" size="lg" tt="none" variant="light" color={key === 'rows' ? 'dark' : statusColor[key]}>
          {t(`importWizard.totals.${key}`, { count: formatCount(totals[key], i18n.language) })}
        </Badge>
      ))}
    </Group>
  );
}
