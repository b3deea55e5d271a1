/**
 * The banners across every page: no real phone rings (the simulator), the engine cannot be
 * reached, the carrier or the database cannot be reached (alerts wait), another workstation took over the lead. They sit at the top of the content and stay there while it scrolls.
 */
import { Alert, Box, Stack, Text } from '@mantine/core';
import { IconDatabaseOff, IconFlask, IconPlugConnectedX, IconWifiOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useConnectionState } from '../api/ApiProvider';
import { useCarrierStatus } from './use-carrier-status';
import { useCluster } from './cluster/cluster-context';
import { TakeoverNotice } from './cluster/TakeoverNotice';
import { ProposalsBanner, useHasProposalBanners } from './proposals/ProposalsBanner';

export function ShellBanners() {
  const { t } = useTranslation();
  const connection = useConnectionState();
  const carrier = useCarrierStatus();
  const simulator = carrier?.live === 'simulator';
  const offline = connection !== 'connected';
  // The carrier, not the engine, is out of reach: alerts wait (said per alert in its live view too).
  const noUplink = !offline && carrier?.uplinkDown === true;
  // The engine runs, but its database (PostgreSQL) does not answer: dispatch waits.
  const noDatabase = !offline && carrier?.databaseDown === true;
  const { notice: takeover, dismiss: dismissTakeover } = useCluster();
  const proposals = useHasProposalBanners();
  if (!simulator && !offline && !noUplink && !noDatabase && !takeover && !proposals) return null;
  return (
    <Box pos="sticky" top="var(--app-shell-header-offset, 60px)" style={{ zIndex: 3 }} mt="calc(var(--mantine-spacing-lg) * -1)" mb="md" pt="xs" bg="var(--mantine-color-body)">
      <Stack gap="xs">
        {/* role="alert" is mounted with its text, so screen readers announce the loss once. */}
        {offline ? (
          <Alert role="alert" color="red.9" variant="filled" title={t('banners.offline.title')} icon={<IconPlugConnectedX aria-hidden />} data-testid="offline-banner">
            {t('banners.offline.text')}
          </Alert>
        ) : null}
        {noDatabase ? (
          <Alert role="alert" color="red" variant="light" title={t('banners.offline.databaseTitle')} icon={<IconDatabaseOff aria-hidden />} data-testid="database-banner">
            {t('banners.offline.databaseText')}
          </Alert>
        ) : null}
        {noUplink ? (
          <Alert role="alert" color="orange" variant="light" title={t('banners.offline.uplinkTitle')} icon={<IconWifiOff aria-hidden />} data-testid="uplink-banner">
            {t('banners.offline.uplinkText')}
          </Alert>
        ) : null}
        {proposals ? <ProposalsBanner /> : null}
        {takeover ? <TakeoverNotice takeover={takeover} onDismiss={dismissTakeover} /> : null}
        {simulator ? (
          <Alert color="grape" variant="light" title={t('banners.simulator.banner')} icon={<IconFlask aria-hidden />} data-testid="simulator-banner" role="note">
            <Text size="sm">{t('banners.simulator.bannerText')}</Text>
            {carrier.afterRestart ? (
              <Text size="sm">
                {t('banners.simulator.afterRestart', {
                  live: t(`banners.simulator.kind.${carrier.afterRestart.live}`),
                  drills: t(`banners.simulator.kind.${carrier.afterRestart.drills}`),
                })}
              </Text>
            ) : null}
          </Alert>
        ) : null}
      </Stack>
    </Box>
  );
}
