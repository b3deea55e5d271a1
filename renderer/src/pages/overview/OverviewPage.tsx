import { Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertView, EventPayload } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { Announcer } from '../../components/Announcer';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useApiEvent } from '../../components/use-api-event';
import { useLoad } from '../../components/use-load';
import { useEvery, useThrottled } from '../../components/use-throttled';
import { formatTime } from '../../i18n/format';
import { isActive } from '../alerts/AlertBadges';
import { MissedRunsBanner } from '../schedules/MissedRunsBanner';
import { QuickLaunch } from '../alerts/launch/QuickLaunch';
import { ActiveAlerts } from './ActiveAlerts';
import { HealthTable } from './HealthTable';
import { RatesChart } from './RatesChart';
import { SystemTable } from './SystemTable';
import { Totals } from './Totals';
import { Workstations } from './Workstations';
import { Section } from '../../components/Section';
import { PendingApprovalsSection } from '../../shell/approvals/PendingApprovalsSection';
import { OpenProposalsSection } from './OpenProposalsSection';

const REFRESH_MS = 30_000;
const AFTER_PROGRESS_MS = 2_000;

type Progress = EventPayload<'alert.progress'>['alerts'][number];


/**
 * Översikt: what runs now (live counters from `alert.progress`), how today and the week went,
 * delivery and confirmation over two weeks, and whether everything GDial needs is healthy.
 * The figures refresh after live events (at most every two seconds) and every 30 seconds.
 */
export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const info = useLoad(useCallback(() => api.call('system.info', {}), [api]));
  const dashboard = useLoad(useCallback(() => api.call('dashboard.get', {}), [api]));
  const active = useLoad(useCallback(() => api.call('alerts.list', { active: true, limit: 50 }), [api]));
  const [announcement, setAnnouncement] = useState('');
  const refresh = useThrottled(dashboard.reload, AFTER_PROGRESS_MS);
  useEvery(() => {
    dashboard.reload();
    active.reload();
  }, REFRESH_MS);

  useApiEvent('alert.progress', (payload) => {
    const updates = new Map<number, Progress>(payload.alerts.map((a) => [a.id, a]));
    const known = new Map((active.data ?? []).map((a) => [a.id, a]));
    // A new alert (from any console): fetch it rather than guess its title.
    if (!active.loading && payload.alerts.some((a) => !known.has(a.id) && isActive(a.state))) active.reload();
    for (const u of payload.alerts) {
      const before = known.get(u.id);
      if (before && isActive(before.state) && !isActive(u.state)) {
        setAnnouncement(t('overview.alertEnded', { title: before.title, state: t(`alerts.states.${u.state}`) }));
      }
    }
    active.setData((list) =>
      list?.map((a): AlertView => {
        const u = updates.get(a.id);
        return u ? { ...a, state: u.state, waitingForUplink: u.waitingForUplink, counters: u.counters } : a;
      }),
    );
    refresh();
  });

  const running = (active.data ?? []).filter((a) => isActive(a.state));
  const d = dashboard.data;
  return (
    <Page title={t('overview.title')}>
      <MissedRunsBanner startedAt={info.data?.startedAt ?? null} />
      <OpenProposalsSection />
      <PendingApprovalsSection />
      <QuickLaunch />
      <Section id="overview-active" title={t('overview.activeHeading')}>
        <ErrorAlert error={active.error} />
        {active.data ? <ActiveAlerts alerts={running} /> : active.loading ? <Loading /> : null}
      </Section>
      <ErrorAlert error={dashboard.error} />
      {d ? (
        <>
          <Section id="overview-totals" title={t('overview.totals.heading')}>
            <Totals dashboard={d} />
            <Text size="xs" c="dimmed" data-testid="overview-updated">
              {t('overview.updatedAt', { at: formatTime(d.generatedAt, i18n.language) })}
            </Text>
          </Section>
          <Section id="overview-rates" title={t('overview.rates.heading')}>
            <RatesChart daily={d.daily} />
          </Section>
          <Section id="overview-health" title={t('overview.health.heading')}>
            <HealthTable health={d.health} />
            <Workstations />
          </Section>
        </>
      ) : dashboard.loading ? (
        <Loading />
      ) : null}
      <Section id="overview-system" title={t('overview.system')}>
        <ErrorAlert error={info.error} />
        {info.data ? <SystemTable info={info.data} /> : info.loading ? <Loading /> : null}
      </Section>
      <Announcer message={announcement} />
    </Page>
  );
}
