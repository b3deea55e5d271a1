import { Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Group role="status" gap="xs">
      <Loader size="sm" aria-hidden />
      <Text size="sm">{t('common.loading')}</Text>
    </Group>
  );
}
