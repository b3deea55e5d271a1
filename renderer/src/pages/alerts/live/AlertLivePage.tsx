import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconFileAnalytics, IconHelpTriangle, IconPlayerStop, IconWifiOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiProvider';
import { Announcer } from '../../../components/Announcer';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SimulatorNotice } from '../../../components/SimulatorNotice';
import { Loading } from '../../../components/Loading';
import { Page } from '../../../components/Page';
import { useReturnFocus } from '../../../components/use-return-focus';
import { formatCount, formatDateTime } from '../../../i18n/format';
import { hrefOf } from '../../../router/hash-route';
import { AlertStateBadge, DrillBadge, isActive } from '../AlertBadges';
import { reportHref } from '../alert-href';
import { ElapsedClock } from './ElapsedClock';
import { AlertProgress, LiveCounters } from './LiveCounters';
import { MessageSection } from './MessageSection';
import { RecipientBoard } from './RecipientBoard';
import { ResendActions } from './ResendActions';
import { useLiveAlert } from './use-live-alert';

/**
 * One alert as a status board: the clock and how far it got, then the people grouped by where
 * they stand; approve and cancel at the top; resend, the message and "Förstör nu" below the
 * people, away from the buttons pressed in a hurry.
 */
export function AlertLivePage({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [announcement, setAnnouncement] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const focus = useReturnFocus();
  const alert = useLiveAlert(id, (state, waiting) => {
    // Whichever arrives last, the event or our own cancel's answer, says the same.
    if (state === 'canceled') setAnnouncement(t('alerts.live.canceled'));
    else if (waiting) setAnnouncement(t('alerts.live.waitingAnnounce'));
    else setAnnouncement(t('alerts.live.stateAnnounce', { state: t(`alerts.states.${state}`) }));
  });
  const a = alert.data;

  async function approve(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const next = await api.call('alerts.approve', { id });
      alert.setData(() => next);
      setAnnouncement(t('alerts.live.approved'));
    } catch (err) {
      setError(err);
      alert.reload();
    } finally {
      setBusy(false);
    }
  }

  async function cancelAlert(): Promise<void> {
    const next = await api.call('alerts.cancel', { id });
    alert.setData(() => next);
    setConfirming(false);
    setAnnouncement(t('alerts.live.canceled'));
    // The button that opened the dialog is gone with the running state: focus the heading.
    document.querySelector<HTMLElement>('h1')?.focus();
  }

  const active = a ? isActive(a.state) : false;
  // What this user may do with this alert now comes from the engine, on the alert itself.
  const can = a?.can;
  const report = (
    <Button component="a" href={reportHref(id)} variant="default" leftSection={<IconFileAnalytics size={18} aria-hidden />}>
      {t('report.open')}
    </Button>
  );
  const actions =
    a && (can?.canApprove || can?.canCancel) ? (
      <Group gap="sm">
        {report}
        {can?.canApprove ? (
          <Button color="teal.8" leftSection={<IconCircleCheck size={18} aria-hidden />} loading={busy} onClick={() => void approve()}>
            {t('alerts.live.approve')}
          </Button>
        ) : null}
        {can?.canCancel ? (
          <Button
            color="red"
            variant="outline"
            leftSection={<IconPlayerStop size={18} aria-hidden />}
            onClick={() => {
              focus.remember();
              setConfirming(true);
            }}
          >
            {t('alerts.live.cancel')}
          </Button>
        ) : null}
      </Group>
    ) : a ? (
      report
    ) : null;

  return (
    <Page title={a?.title ?? t('alerts.title')} actions={actions}>
      <ErrorAlert error={alert.error ?? error} />
      {alert.loading && !a ? <Loading /> : null}
      {a ? (
        <Stack gap="xs" mt="-md">
          <Group gap="sm" wrap="wrap">
            <Anchor href={hrefOf('larm')} w="fit-content">
              <Group gap={4} component="span">
                <IconArrowLeft size={16} aria-hidden />
                {t('alerts.live.back')}
              </Group>
            </Anchor>
            <AlertStateBadge state={a.state} size="lg" />
            {a.drill ? <DrillBadge size="lg" /> : null}
            <Text size="sm" c="dimmed">
              {[
                a.createdBy ? t('alerts.createdBy', { name: a.createdBy }) : '',
                t('alerts.live.createdAt', { at: formatDateTime(a.createdAt, i18n.language) }),
                a.finishedAt ? t('alerts.live.finishedAt', { at: formatDateTime(a.finishedAt, i18n.language) }) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </Group>
          {a.waitingForUplink ? (
            <Alert color="orange" variant="light" icon={<IconWifiOff aria-hidden />} title={t('alerts.live.waitingTitle')} data-testid="waiting-for-uplink">
              {t('alerts.live.waitingText')}
            </Alert>
          ) : null}
          {a.waitingForPublicUrl ? (
            <Alert color="blue" variant="light" title={t('alerts.live.waitingPublicUrlTitle')} data-testid="waiting-for-public-url">
              {t('alerts.live.waitingPublicUrlText')}
            </Alert>
          ) : null}
          {a.counters.inDoubt > 0 ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconHelpTriangle aria-hidden />}
              title={t('alerts.inDoubt.title', { count: a.counters.inDoubt, formatted: formatCount(a.counters.inDoubt, i18n.language) })}
              data-testid="in-doubt-notice"
              styles={{ title: { fontSize: 'var(--mantine-font-size-lg)' } }}
            >
              {a.can.canResolveInDoubt ? t('alerts.inDoubt.text') : t('alerts.inDoubt.textViewer')}
            </Alert>
          ) : null}
          {a.state === 'pending_approval' ? (
            <Alert color="yellow" variant="light" title={t('alerts.states.pending_approval')} data-testid="approval-notice">
              {a.can.canApprove ? t('alerts.live.awaitingYou') : t('alerts.live.awaitingOther')}
            </Alert>
          ) : null}
          <section aria-labelledby="alert-live-outcome">
            <Title order={2} className="gdial-visually-hidden" id="alert-live-outcome">
              {t('alerts.live.outcomeHeading')}
            </Title>
            <Paper withBorder px="sm" py={4}>
              <Group gap="lg" align="center" wrap="nowrap">
                <ElapsedClock startedAt={a.startedAt} finishedAt={a.finishedAt} />
                <Stack gap={4} style={{ flex: 1 }}>
                  <AlertProgress counters={a.counters} final={!active} />
                  <LiveCounters counters={a.counters} />
                </Stack>
              </Group>
            </Paper>
          </section>
          <section aria-labelledby="alert-live-recipients">
            <Title order={2} className="gdial-visually-hidden" id="alert-live-recipients">
              {t('alerts.live.recipientsHeading')}
            </Title>
            <RecipientBoard
              alertId={id}
              counters={a.counters}
              canDecide={a.can.canResolveInDoubt}
              onDecided={(next, said) => {
                alert.setData(() => next);
                setAnnouncement(said);
              }}
            />
          </section>
          {/* Below the people: the header banner says it on every page while the carrier is the simulator. */}
          {a.onSimulator ? <SimulatorNotice when={active ? 'running' : 'ended'} /> : null}
          {a.can.canResend ? (
            <section aria-labelledby="alert-live-follow-up">
              <Stack gap="xs" mt="sm">
                <Title order={2} size="h4" id="alert-live-follow-up" tabIndex={-1}>
                  {t('alerts.followUp.heading')}
                </Title>
                <ResendActions alert={a} onResent={(next) => alert.setData(() => next)} fallbackFocus={() => document.getElementById('alert-live-follow-up')} />
              </Stack>
            </section>
          ) : null}
          <MessageSection alert={a} canBurn={a.can.canBurn} onBurned={(next) => alert.setData(() => next)} onAnnounce={setAnnouncement} />
        </Stack>
      ) : null}
      {confirming && a ? (
        <ConfirmModal
          title={t('alerts.live.cancelTitle')}
          text={t('alerts.live.cancelText', { title: a.title })}
          confirmLabel={t('alerts.live.cancelConfirm')}
          cancelLabel={t('alerts.live.keepRunning')}
          onConfirm={cancelAlert}
          onClose={() => {
            setConfirming(false);
            focus.restore();
          }}
        />
      ) : null}
      <Announcer message={announcement} />
    </Page>
  );
}
