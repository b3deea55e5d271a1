import { Button, Group, Paper, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconClockHour4 } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { newAlertHref } from '../alert-href';
import { useLaunchCountdown } from './countdown-context';

// Fixed at the bottom of the viewport, beside the menu, where the wizard's launch bar sits: the
// Starta the operator pressed turns into Avbryt in the same place, on whatever page is open.
const bar: CSSProperties = {
  position: 'fixed',
  bottom: 0,
  left: 'var(--app-shell-navbar-offset, 0rem)',
  right: 0,
  zIndex: 150,
  borderRadius: 0,
  borderLeft: 0,
  borderRight: 0,
  borderBottom: 0,
};

/**
 * The running countdown, the launch on its way, or a launch that failed, on every page of the
 * shell. The announcement outlives the banner, so "stopped" is still said after it goes.
 */
export function CountdownBanner() {
  const { t } = useTranslation();
  const { state, announcement, cancel, retry, dismiss } = useLaunchCountdown();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const retryButton = useRef<HTMLButtonElement>(null);
  const phase = state.phase;
  useEffect(() => {
    if (phase === 'counting') cancelButton.current?.focus();
    if (phase === 'failed') retryButton.current?.focus();
  }, [phase]);

  const drill = phase !== 'idle' && state.pending.draft.drill;
  const onSimulator = phase !== 'idle' && state.pending.onSimulator;
  const title = phase !== 'idle' ? state.pending.draft.title : '';
  const color = drill ? 'var(--mantine-color-orange-light)' : 'var(--mantine-color-red-light)';
  return (
    <>
      {/* Mounted with its text (an alert is read when it appears): an empty alert region on
          every page would count as an error shown. Keyed, so each new announcement is read. */}
      {announcement ? (
        <VisuallyHidden key={announcement} role="alert" aria-atomic="true">
          {announcement}
        </VisuallyHidden>
      ) : null}
      {phase === 'idle' ? null : (
        <>
          {/* Keeps the end of the page clear of the bar. */}
          <div style={{ height: phase === 'failed' ? 200 : 96 }} aria-hidden />
          <Paper
            withBorder
            shadow="md"
            p="md"
            style={{ ...bar, background: `linear-gradient(${color}, ${color}), var(--mantine-color-body)` }}
            role="region"
            aria-label={t('quickLaunch.banner.label')}
            data-testid={phase === 'counting' ? 'launch-countdown' : `launch-${phase}`}
          >
            {phase === 'failed' ? (
              <>
                <ErrorAlert error={state.error} />
                <Group justify="space-between" mt="sm" wrap="wrap">
                  <Text fw={600}>{t('quickLaunch.banner.failedText', { title })}</Text>
                  <Group gap="sm">
                    <Button component="a" href={newAlertHref()} variant="default" onClick={dismiss}>
                      {t('quickLaunch.banner.toDraft')}
                    </Button>
                    <Button ref={retryButton} color="red" onClick={retry} leftSection={<IconAlertTriangle size={16} aria-hidden />}>
                      {t('quickLaunch.banner.retry')}
                    </Button>
                  </Group>
                </Group>
              </>
            ) : (
              <Group justify="space-between" wrap="wrap">
                <Group gap="sm" wrap="nowrap">
                  <IconClockHour4 size={28} aria-hidden />
                  <div>
                    <Text fw={700} size="lg" role="timer">
                      {phase === 'counting' ? t('wizard.launch.countdown', { seconds: state.remaining }) : t('wizard.launch.sending')}
                    </Text>
                    <Text size="sm">
                      {t(drill ? 'quickLaunch.banner.drillTitle' : onSimulator ? 'quickLaunch.banner.simulatorTitle' : 'quickLaunch.banner.liveTitle', { title })} {t('wizard.launch.cancelHint')}
                    </Text>
                  </div>
                </Group>
                <Button ref={cancelButton} size="md" variant="default" onClick={cancel} disabled={phase !== 'counting'} aria-keyshortcuts="Escape">
                  {t('wizard.launch.cancel')}
                </Button>
              </Group>
            )}
          </Paper>
        </>
      )}
    </>
  );
}
