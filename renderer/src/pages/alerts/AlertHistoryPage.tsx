import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconSpeakerphone } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert, EventPayload } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useApiEvent } from '../../components/use-api-event';
import { useLoad } from '../../components/use-load';
import { usePagedList } from '../../components/use-paged-list';
import { useCan } from '../../session/use-can';
import { newAlertHref } from './alert-href';
import { AlertTable } from './AlertTable';
import { UnmatchedReplies } from './UnmatchedReplies';

const PAGE_SIZE = 25;

type Progress = EventPayload<'alert.progress'>['alerts'][number];

function merge<A extends Alert>(list: A[] | undefined, updates: Map<number, Progress>): A[] | undefined {
  if (!list?.some((a) => updates.has(a.id))) return list;
  return list.map((a) => {
    const u = updates.get(a.id);
    return u ? { ...a, state: u.state, waitingForUplink: u.waitingForUplink, counters: u.counters } : a;
  });
}

/** Alerts still running on top, then the finished ones, newest first, a page at a time. */
export function AlertHistoryPage() {
  const { t } = useTranslation();
  const api = useApi();
  const canLaunch = useCan('alerts.launch');
  const active = useLoad(useCallback(() => api.call('alerts.list', { active: true, limit: 200 }), [api]));
  const { rows: done, setRows: setDone, status, error, loadMore } = usePagedList(
    useCallback(
      (beforeId?: number) => api.call('alerts.list', { active: false, limit: PAGE_SIZE, ...(beforeId === undefined ? {} : { beforeId }) }),
      [api],
    ),
    PAGE_SIZE,
    (a: Alert) => a.id,
  );

  useApiEvent('alert.progress', (payload) => {
    const updates = new Map(payload.alerts.map((a) => [a.id, a]));
    const known = new Set([...(active.data ?? []), ...done].map((a) => a.id));
    // An alert launched from another console: fetch it rather than guess its title.
    if (payload.alerts.some((a) => !known.has(a.id))) {
      if (!active.loading) active.reload();
    }
    else active.setData((list) => merge(list, updates));
    setDone((list) => merge(list, updates) ?? list);
  });

  const newButton = canLaunch ? (
    <Button component="a" href={newAlertHref()} color="red" leftSection={<IconPlus size={16} aria-hidden />}>
      {t('alerts.new')}
    </Button>
  ) : null;

  const running = active.data ?? [];
  const nothing = active.data?.length === 0 && done.length === 0 && status === 'end' && !error;
  return (
    <Page title={t('alerts.title')} actions={newButton}>
      <ErrorAlert error={active.error ?? error} />
      {nothing ? <EmptyNotice icon={<IconSpeakerphone size={32} />} title={t('alerts.emptyTitle')} text={t('alerts.emptyText')} /> : null}
      {running.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('alerts.activeHeading')}
          </Title>
          <AlertTable alerts={running} label={t('alerts.activeHeading')} testId="active-alerts" />
        </Stack>
      ) : null}
      {done.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('alerts.historyHeading')}
          </Title>
          <AlertTable alerts={done} label={t('alerts.historyHeading')} testId="alert-history" />
        </Stack>
      ) : null}
      {status === 'loading' || (active.loading && !active.data) ? <Loading /> : null}
      <Text role="status" c="dimmed" size="sm">
        {status === 'end' && done.length > 0 && !error ? t('alerts.historyEnd') : ''}
      </Text>
      {status === 'more' ? (
        <Group>
          <Button variant="default" onClick={() => void loadMore()}>
            {t('alerts.loadMore')}
          </Button>
        </Group>
      ) : null}
      <UnmatchedReplies />
    </Page>
  );
}
