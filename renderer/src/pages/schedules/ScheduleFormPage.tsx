import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schedule } from '@contract';
import { ApiError } from '../../api/api-error';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/use-load';
import type { PickedContact } from '../alerts/wizard/wizard-draft';
import { schedulesHref } from './schedule-href';
import { ScheduleForm } from './ScheduleForm';

interface Loaded {
  schedule: Schedule | null;
  /** The single contacts of the schedule's draft, with their names for the picker. */
  contacts: PickedContact[];
  defaultZone: string;
}

/** A new schedule, or one to change: everything the form needs, fetched before it shows. */
export function ScheduleFormPage({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const loaded = useLoad(
    useCallback(async (): Promise<Loaded> => {
      const [settings, list] = await Promise.all([api.call('settings.get', {}), id ? api.call('schedules.list', {}) : Promise.resolve([])]);
      const schedule = list.find((s) => s.id === id) ?? null;
      // Deleted meanwhile (or a stale link): said as the engine's not_found would be.
      if (id && !schedule) throw new ApiError({ kind: 'not_found', message: '' });
      const contacts = await Promise.all(
        (schedule?.draft.contactIds ?? []).map((cid) =>
          api.call('contacts.get', { id: cid }).then(
            (c) => ({ id: c.id, name: c.name, detail: c.organisation ?? '' }),
            () => ({ id: cid, name: t('schedules.form.unknownContact', { id: cid }), detail: '' }),
          ),
        ),
      );
      return { schedule, contacts, defaultZone: settings.values.timeZone };
    }, [api, id, t]),
  );
  const templates = useLoad(useCallback(() => api.call('templates.list', {}), [api]));
  const groups = useLoad(useCallback(() => api.call('groups.list', {}), [api]));
  const data = loaded.data;
  const title = id ? t('schedules.form.editTitle', { name: data?.schedule?.name ?? '' }) : t('schedules.form.newTitle');

  return (
    <Page title={title}>
      <Anchor href={schedulesHref()} w="fit-content">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden />
          {t('schedules.form.back')}
        </Group>
      </Anchor>
      <ErrorAlert error={loaded.error ?? templates.error ?? groups.error} />
      {data && templates.data && groups.data ? (
        <ScheduleForm
          schedule={data.schedule}
          contacts={data.contacts}
          defaultZone={data.defaultZone}
          templates={templates.data}
          groups={groups.data}
        />
      ) : loaded.loading || templates.loading || groups.loading ? (
        <Loading />
      ) : null}
    </Page>
  );
}
