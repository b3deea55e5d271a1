import { Alert, Text } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Takeover } from '@contract';
import { takeoverText } from './cluster-texts';

/**
 * "ws-b har tagit över ledningen från ws-a kl. 07:01:05 CET", among the shell's banners until
 * dismissed. A note, not a live region: ClusterProvider's polite announcer says it once.
 */
export function TakeoverNotice({ takeover, onDismiss }: { takeover: Takeover; onDismiss(): void }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert
      role="note"
      color="blue"
      variant="light"
      title={t('cluster.takeover.title')}
      icon={<IconArrowsExchange aria-hidden />}
      withCloseButton
      closeButtonLabel={t('cluster.takeover.dismiss')}
      onClose={onDismiss}
      data-testid="takeover-notice"
    >
      <Text size="sm">{takeoverText(t, takeover, i18n.language)}</Text>
      <Text size="sm">{t('cluster.takeover.carryOn')}</Text>
    </Alert>
  );
}
