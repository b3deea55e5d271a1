import { Alert, Button, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert as AlertDto } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useCountdown } from './use-countdown';
import { toAlertDraft } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

export const COUNTDOWN_SECONDS = 5;

interface Props {
  draft: WizardDraft;
  launchKey: string;
  /** The pre-flight has answered and found someone to reach. */
  ready: boolean;
  onLaunched: (alert: AlertDto) => void;
  /** From Starta until the launch failed or was stopped: the wizard keeps the draft still meanwhile. */
  onBusyChange: (busy: boolean) => void;
  /** The step's way back, on the same row as Starta. */
  back: ReactNode;
}

/**
 * "Starta" opens a five-second window to change one's mind: Avbryt (focused, or Escape) stops it
 * and nothing reaches the engine. Only at zero is alerts.launch called, with the wizard's one
 * launch key, so a retry after a lost answer is the same alert.
 */
export function LaunchPanel({ draft, launchKey, ready, onLaunched, onBusyChange, back }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const startButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  async function launch(): Promise<void> {
    setSending(true);
    setAnnouncement(t('wizard.launch.sending'));
    try {
      onLaunched(await api.call('alerts.launch', { launchKey, draft: toAlertDraft(draft) }));
    } catch (err) {
      setError(err);
      setSending(false);
      setAnnouncement('');
      onBusyChange(false);
      startButton.current?.focus();
    }
  }

  const countdown = useCountdown(COUNTDOWN_SECONDS, () => void launch());
  const { running, cancel: stop } = countdown;

  function start(): void {
    setError(null);
    setAnnouncement(t('wizard.launch.started', { seconds: COUNTDOWN_SECONDS }));
    onBusyChange(true);
    countdown.start();
  }

  function cancel(): void {
    stop();
    onBusyChange(false);
    setAnnouncement(t('wizard.launch.stopped'));
  }

  // Focus follows the countdown: onto Avbryt when it starts, back to Starta when it is stopped.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (running) cancelButton.current?.focus();
    else if (wasRunning.current && !sending) startButton.current?.focus();
    wasRunning.current = running;
  }, [running, sending]);

  // Escape stops the countdown wherever focus is.
  useEffect(() => {
    if (!running) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      stop();
      onBusyChange(false);
      setAnnouncement(t('wizard.launch.stopped'));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [running, stop, onBusyChange, t]);

  const label = draft.drill ? t('wizard.launch.startDrill') : t('wizard.launch.start');
  return (
    <Stack gap="sm">
      <ErrorAlert error={error} />
      {running ? (
        <Alert color={draft.drill ? 'orange' : 'red'} variant="light" data-testid="launch-countdown">
          <Group justify="space-between" wrap="wrap">
            <Text fw={700} size="lg" role="timer">
              {t('wizard.launch.countdown', { seconds: countdown.remaining })}
            </Text>
            <Button ref={cancelButton} size="md" variant="default" onClick={cancel}>
              {t('wizard.launch.cancel')}
            </Button>
          </Group>
          <Text size="sm" mt="xs">
            {t('wizard.launch.cancelHint')}
          </Text>
        </Alert>
      ) : null}
      <Group justify="space-between">
        {back}
        <Button
          ref={startButton}
          size="md"
          color="red"
          leftSection={<IconPlayerPlay size={18} aria-hidden />}
          onClick={start}
          disabled={!ready || running}
          loading={sending}
        >
          {label}
        </Button>
      </Group>
      <VisuallyHidden role="alert" aria-live="assertive" aria-atomic="true">
        {announcement}
      </VisuallyHidden>
    </Stack>
  );
}
