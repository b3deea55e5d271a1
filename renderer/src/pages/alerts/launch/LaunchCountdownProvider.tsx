import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { useUser } from '../../../session/session-context';
import { MAIN_ID } from '../../../shell/SkipLink';
import { alertHref } from '../alert-href';
import { clearDraft } from '../wizard/draft-store';
import { COUNTDOWN_SECONDS, LaunchCountdownContext } from './countdown-context';
import type { CountdownState, LaunchCountdown, PendingLaunch } from './countdown-context';
import { useNewAlertShortcut } from './use-new-alert-shortcut';

/** Where focus goes when the banner it was on disappears: the wizard's Starta if shown, else the page. */
function refocus(): void {
  const start = document.querySelector<HTMLElement>('[data-launch-start]:not([disabled])');
  (start ?? document.getElementById(MAIN_ID))?.focus();
}

/**
 * "Starta larmet" opens a five-second window to change one's mind, and that window belongs to
 * the shell, not to the wizard's page: the operator may look at Översikt or a contact meanwhile,
 * the banner (on every page) keeps counting with Avbryt, and the alert launches at zero wherever
 * they are. Only at zero is alerts.launch called, under the draft's one launch key, so a retry
 * after a lost answer is the same alert. A signed-out console (the shell unmounts) launches nothing.
 */
export function LaunchCountdownProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const [state, setState] = useState<CountdownState>({ phase: 'idle' });
  const [announcement, setAnnouncement] = useState('');
  const endsAt = useRef(0);
  useNewAlertShortcut();

  const launch = useCallback(
    async (pending: PendingLaunch): Promise<void> => {
      setState({ phase: 'sending', pending });
      setAnnouncement(t('wizard.launch.sending'));
      try {
        const alert: Alert = await api.call('alerts.launch', {
          launchKey: pending.launchKey,
          draft: pending.draft,
          ...(pending.proposalId !== undefined ? { proposalId: pending.proposalId } : {}),
        });
        clearDraft(user.id, pending.launchKey);
        setState({ phase: 'idle' });
        setAnnouncement('');
        notifications.show({
          color: alert.state === 'pending_approval' ? 'yellow' : 'teal',
          message: t(alert.state === 'pending_approval' ? 'wizard.launch.pendingApproval' : 'wizard.launch.launched', { title: alert.title }),
        });
        window.location.hash = alertHref(alert.id);
      } catch (error) {
        setState({ phase: 'failed', pending, error });
        setAnnouncement(t('quickLaunch.banner.failed'));
      }
    },
    [api, t, user.id],
  );

  const counting = state.phase === 'counting' ? state : null;
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => {
      const left = Math.ceil((endsAt.current - Date.now()) / 1000);
      if (left > 0) setState((s) => (s.phase === 'counting' && s.remaining !== left ? { ...s, remaining: left } : s));
      else {
        clearInterval(timer);
        void launch(counting.pending);
      }
    }, 100);
    return () => clearInterval(timer);
    // Restarted only by a new countdown, not by each second's state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [counting?.pending, launch]);

  const start = useCallback(
    (pending: PendingLaunch) => {
      endsAt.current = Date.now() + COUNTDOWN_SECONDS * 1000;
      setState({ phase: 'counting', pending, remaining: COUNTDOWN_SECONDS });
      setAnnouncement(t('wizard.launch.started', { seconds: COUNTDOWN_SECONDS }));
    },
    [t],
  );

  const cancel = useCallback(() => {
    setState((s) => (s.phase === 'counting' ? { phase: 'idle' } : s));
    setAnnouncement(t('wizard.launch.stopped'));
    setTimeout(refocus, 0);
  }, [t]);

  const retry = useCallback(() => {
    if (state.phase === 'failed') void launch(state.pending);
  }, [launch, state]);

  const dismiss = useCallback(() => {
    setState((s) => (s.phase === 'failed' ? { phase: 'idle' } : s));
    setAnnouncement('');
    setTimeout(refocus, 0);
  }, []);

  // Escape stops the countdown wherever focus is, on any page.
  useEffect(() => {
    if (!counting) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      cancel();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [counting, cancel]);

  const value = useMemo<LaunchCountdown>(() => ({ state, announcement, start, cancel, retry, dismiss }), [state, announcement, start, cancel, retry, dismiss]);
  return <LaunchCountdownContext.Provider value={value}>{children}</LaunchCountdownContext.Provider>;
}
