import { Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AlertCounters } from '@contract';
import { formatCount } from '../../../i18n/format';

// The people are counted in the board's group headings; these are the attempts under way and
// how they went, the few figures an operator acts on.
const SHOWN = ['recipients', 'queued', 'dialling', 'ringing', 'answered', 'failed', 'inDoubt', 'smsSent'] as const;

/** The activity figures as one compact line of terms and values ("Ringer 3", not "3"). */
export function LiveCounters({ counters }: { counters: AlertCounters }) {
  const { t, i18n } = useTranslation();
  return (
    <Group component="dl" gap="md" m={0} data-testid="alert-counters" className="gdial-activity">
      {SHOWN.map((key) => (
        <Group key={key} gap={4} wrap="nowrap" data-counter={key}>
          <Text component="dt" size="sm" c="dimmed">
            {t(`alerts.counters.${key}`)}
          </Text>
          <Text component="dd" m={0} fw={700} size="sm" data-testid={`counter-${key}`}>
            {formatCount(counters[key], i18n.language)}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

/** Settled people (confirmed, declined, unreached, cancelled) against everyone. */
export function AlertProgress({ counters, final, label }: { counters: AlertCounters; final: boolean; label?: string }) {
  const { t, i18n } = useTranslation();
  const total = counters.recipients;
  const settled = Math.max(0, total - counters.pending);
  const percent = total > 0 ? Math.round((settled / total) * 100) : final ? 100 : 0;
  const confirmedShare = total > 0 ? (counters.confirmed / total) * 100 : 0;
  const text = t('alerts.live.progress', {
    settled: formatCount(settled, i18n.language),
    total: formatCount(total, i18n.language),
    confirmed: formatCount(counters.confirmed, i18n.language),
  });
  return (
    <Stack gap={4}>
      <Progress.Root
        size="xl"
        role="progressbar"
        aria-label={label ?? t('alerts.live.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
        data-testid="alert-progress"
      >
        <Progress.Section value={Math.min(confirmedShare, percent)} color="teal.8" withAria={false} />
        <Progress.Section value={Math.max(0, percent - confirmedShare)} color="gray.6" withAria={false} />
      </Progress.Root>
      <Text size="sm" data-testid="alert-progress-text">
        {text}
      </Text>
    </Stack>
  );
}
