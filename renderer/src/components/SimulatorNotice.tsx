import { Alert } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** What is said: before launch, about an alert under way, or about one that has ended. */
  when: 'preflight' | 'running' | 'ended';
}

/**
 * "Simulator – no real phone will ring", for one alert or draft (the engine's `onSimulator`).
 * Not a live region: it is part of the page, read in order, not an announcement.
 */
export function SimulatorNotice({ when }: Props) {
  const { t } = useTranslation();
  const text = when === 'preflight' ? t('banners.simulator.preflight') : when === 'running' ? t('banners.simulator.alert') : t('banners.simulator.alertDone');
  return (
    <Alert role="note" color="grape" variant="light" title={t('banners.simulator.banner')} icon={<IconFlask aria-hidden />} data-testid="simulator-notice">
      {text}
    </Alert>
  );
}
