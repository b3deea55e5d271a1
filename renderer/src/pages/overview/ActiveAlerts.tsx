import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBellOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Alert, AlertCounters } from '@contract';
import { EmptyNotice } from '../../components/EmptyNotice';
import { formatCount } from '../../i18n/format';
import { AlertStateBadge, DrillBadge } from '../alerts/AlertBadges';
import { alertHref } from '../alerts/alert-href';
import { AlertProgress } from '../alerts/live/LiveCounters';

// The figures a duty officer glances at; the live view has all of them.
const SHOWN = ['recipients', 'confirmed', 'declined', 'pending', 'failed', 'inDoubt'] as const;

function Counters({ counters }: { counters: AlertCounters }) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid component="dl" cols={{ base: 3, sm: 6 }} spacing="xs" m={0}>
      {SHOWN.map((key) => (
        <div key={key}>
          <Text component="dt" size="xs" c="dimmed">
            {t(`alerts.counters.${key}`)}
          </Text>
          <Text component="dd" m={0} fw={700} size="lg" data-testid={`overview-counter-${key}`}>
            {formatCount(counters[key], i18n.language)}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

/** Every alert under way, with its live counters; each title opens its live view. */
export function ActiveAlerts({ alerts }: { alerts: Alert[] }) {
  const { t } = useTranslation();
  if (alerts.length === 0) {
    return <EmptyNotice icon={<IconBellOff size={32} />} title={t('overview.noAlertsTitle')} text={t('overview.noAlertsText')} order={3} />;
  }
  return (
    <Stack gap="sm">
      {alerts.map((a) => (
        <Paper key={a.id} withBorder p="md" component="article" aria-labelledby={`overview-alert-${a.id}`} data-testid="active-alert" data-alert-id={a.id}>
          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap">
              <Group gap="xs">
                <Title order={3} size="h4" id={`overview-alert-${a.id}`}>
                  <Anchor href={alertHref(a.id)} inherit>
                    {a.title}
                  </Anchor>
                </Title>
                {a.drill ? <DrillBadge /> : null}
              </Group>
              <Group gap="xs">
                <AlertStateBadge state={a.state} />
                {a.waitingForUplink ? (
                  <Text span size="sm" c="var(--mantine-color-orange-light-color)">
                    {t('alerts.waitingShort')}
                  </Text>
                ) : null}
              </Group>
            </Group>
            <AlertProgress counters={a.counters} final={false} label={t('overview.progressOf', { title: a.title })} />
            <Counters counters={a.counters} />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
