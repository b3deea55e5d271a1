import { Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Announcer } from '../../components/Announcer';
import { formatRunTime, localTimeZone } from '../../i18n/format';

interface Props {
  runs: string[] | null;
  pending: boolean;
  /** The rule is incomplete or the engine refused it: the reason is at the field. */
  blocked: boolean;
  /** The rule's zone: when it is not this computer's, each run also says its time there. */
  timeZone: string;
}

/**
 * The next five runs as the engine computes them, in this computer's time, updated as the rule
 * changes. A screen reader hears the first run when it changes, not the whole list each time.
 */
export function NextRuns({ runs, pending, blocked, timeZone }: Props) {
  const { t, i18n } = useTranslation();
  const here = localTimeZone();
  // The last first run known: while a new preview is on its way the list is empty, and the
  // same first run coming back must not be announced again.
  const [heard, setHeard] = useState<string | null>(null);
  const first = runs?.[0] ?? null;
  if (first && first !== heard) setHeard(first);
  const announcement = heard ? t('schedules.preview.firstRun', { at: formatRunTime(heard, i18n.language) }) : '';

  return (
    <Stack gap="xs" data-testid="next-runs">
      <Title order={3} size="h5">
        {t('schedules.preview.heading', { zone: here })}
      </Title>
      {pending && !blocked ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
      {blocked ? (
        <Text size="sm" c="dimmed">
          {t('schedules.preview.blocked')}
        </Text>
      ) : runs && runs.length === 0 ? (
        <Text size="sm">{t('schedules.preview.none')}</Text>
      ) : runs ? (
        <ol className="gdial-run-list" data-testid="next-runs-list">
          {runs.map((iso) => (
            <li key={iso} data-at={iso}>
              {formatRunTime(iso, i18n.language)}
              {timeZone !== here ? (
                <Text span size="sm" c="dimmed">
                  {' '}
                  {t('schedules.preview.inZone', { at: formatRunTime(iso, i18n.language, timeZone), zone: timeZone })}
                </Text>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      <Announcer message={announcement} />
    </Stack>
  );
}
