import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleRun } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../i18n/format';
import { alertHref } from '../alerts/alert-href';

const SEEN_KEY = 'gdial.missedRunsSeen';
// Missed runs are handled while the engine starts; a little slack for a slow start.
const START_SLACK_MS = 5 * 60_000;

/** The runs that fell while GDial was closed, as the engine found them at this start. */
export function missedAtStart(runs: ScheduleRun[], startedAt: string): ScheduleRun[] {
  const since = Date.parse(startedAt) - START_SLACK_MS;
  return runs.filter((r) => (r.outcome === 'skipped_missed' || r.outcome === 'launched_late') && Date.parse(r.handledAt) >= since);
}

function seen(startedAt: string): boolean {
  try {
    return window.sessionStorage.getItem(SEEN_KEY) === startedAt;
  } catch {
    return false;
  }
}

/**
 * "Körningar som missades medan GDial var stängt": on Översikt and Schema until the operator
 * says they have seen it (for this start of the engine, in this tab).
 */
export function MissedRunsBanner({ startedAt }: { startedAt: string | null }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const runs = useLoad(useCallback(() => api.call('schedules.runs', { limit: 100 }), [api]));
  const [dismissed, setDismissed] = useState(false);
  if (!startedAt || !runs.data || dismissed || seen(startedAt)) return null;
  const missed = missedAtStart(runs.data, startedAt);
  if (missed.length === 0) return null;
  const at = (iso: string) => formatDateTime(iso, i18n.language);

  function dismiss(): void {
    try {
      if (startedAt) window.sessionStorage.setItem(SEEN_KEY, startedAt);
    } catch {
      // Without storage it shows again after a reload; nothing worse.
    }
    setDismissed(true);
  }

  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconClockExclamation aria-hidden />}
      title={t('schedules.missed.title', { count: missed.length })}
      data-testid="missed-runs"
    >
      <Stack gap="xs">
        <Text size="sm">{t('schedules.missed.intro')}</Text>
        <ul className="gdial-plain-list">
          {missed.map((r) => (
            <li key={r.id}>
              <Text size="sm">
                {r.outcome === 'launched_late'
                  ? t('schedules.missed.late', { name: r.scheduleName, due: at(r.dueAt), handled: at(r.handledAt) })
                  : t('schedules.missed.skipped', { name: r.scheduleName, due: at(r.dueAt) })}{' '}
                {r.alertId ? (
                  <Anchor href={alertHref(r.alertId)} size="sm">
                    {t('schedules.missed.openAlert')}
                  </Anchor>
                ) : null}
              </Text>
            </li>
          ))}
        </ul>
        <Group>
          <Button size="xs" variant="default" onClick={dismiss}>
            {t('schedules.missed.dismiss')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
