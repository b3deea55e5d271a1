import { Button, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarTime, IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schedule } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { Announcer } from '../../components/Announcer';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/use-load';
import { useReturnFocus } from '../../components/use-return-focus';
import { useHashParam } from '../../router/hash-route';
import { useCan } from '../../session/use-can';
import { MissedRunsBanner } from './MissedRunsBanner';
import { RunsTable } from './RunsTable';
import { newScheduleHref } from './schedule-href';
import { ScheduleFormPage } from './ScheduleFormPage';
import { ScheduleTable } from './ScheduleTable';

/** `#/schema` the list; `?nytt=1` a new schedule; `?schema=3` edits one. */
export function SchedulesPage() {
  const canEdit = useCan('schedules.create');
  const wantsNew = useHashParam('nytt') !== null;
  const param = useHashParam('schema');
  const id = param && /^\d+$/.test(param) ? Number(param) : null;
  if (canEdit && id) return <ScheduleFormPage key={id} id={id} />;
  if (canEdit && wantsNew) return <ScheduleFormPage key="new" id={null} />;
  return <ScheduleListPage />;
}

function ScheduleListPage() {
  const { t } = useTranslation();
  const api = useApi();
  const canEdit = useCan('schedules.create');
  const schedules = useLoad(useCallback(() => api.call('schedules.list', {}), [api]));
  const runs = useLoad(useCallback(() => api.call('schedules.runs', { limit: 50 }), [api]));
  const info = useLoad(useCallback(() => api.call('system.info', {}), [api]));
  const [busyId, setBusyId] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState<Schedule | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const focus = useReturnFocus();

  async function setPaused(s: Schedule, paused: boolean): Promise<void> {
    setBusyId(s.id);
    setError(null);
    try {
      const next = await api.call('schedules.setPaused', { id: s.id, paused });
      schedules.setData((list) => list?.map((x) => (x.id === next.id ? next : x)));
      setAnnouncement(t(paused ? 'schedules.pausedNotice' : 'schedules.resumedNotice', { name: s.name }));
    } catch (err) {
      setError(err);
    } finally {
      setBusyId(null);
    }
  }

  async function remove(s: Schedule): Promise<void> {
    await api.call('schedules.delete', { id: s.id });
    schedules.setData((list) => list?.filter((x) => x.id !== s.id));
    setRemoving(null);
    notifications.show({ color: 'teal', message: t('schedules.removed', { name: s.name }) });
    focus.restore(() => document.querySelector<HTMLElement>('h1'));
  }

  const newButton = canEdit ? (
    <Button component="a" href={newScheduleHref()} leftSection={<IconPlus size={16} aria-hidden />}>
      {t('schedules.new')}
    </Button>
  ) : null;

  const list = schedules.data ?? [];
  return (
    <Page title={t('schedules.title')} actions={newButton}>
      <MissedRunsBanner startedAt={info.data?.startedAt ?? null} />
      <Text>{t('schedules.intro')}</Text>
      <ErrorAlert error={schedules.error ?? error} />
      {schedules.loading && !schedules.data ? <Loading /> : null}
      {schedules.data && list.length === 0 ? (
        <EmptyNotice icon={<IconCalendarTime size={32} />} title={t('schedules.emptyTitle')} text={t('schedules.emptyText')} />
      ) : null}
      {list.length > 0 ? (
        <ScheduleTable
          schedules={list}
          canEdit={canEdit}
          busyId={busyId}
          onPause={(s, paused) => void setPaused(s, paused)}
          onDelete={(s) => {
            focus.remember();
            setRemoving(s);
          }}
        />
      ) : null}
      <section aria-labelledby="schedule-runs-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="schedule-runs-heading">
            {t('schedules.runs.heading')}
          </Title>
          <ErrorAlert error={runs.error} />
          {runs.data ? <RunsTable runs={runs.data} /> : runs.loading ? <Loading /> : null}
        </Stack>
      </section>
      {removing ? (
        <ConfirmModal
          title={t('schedules.removeTitle')}
          text={t('schedules.removeConfirm', { name: removing.name })}
          confirmLabel={t('common.delete')}
          onConfirm={() => remove(removing)}
          onClose={() => {
            setRemoving(null);
            focus.restore();
          }}
        />
      ) : null}
      <Announcer message={announcement} />
    </Page>
  );
}
