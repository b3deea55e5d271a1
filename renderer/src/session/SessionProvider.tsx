/**
 * Who is signed in, and what the console shows before that (first run, login). Applies the
 * user's language and colour scheme, and follows the engine's session events.
 */
import { useMantineColorScheme } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColorScheme, Language, User } from '@contract';
import { isApiError } from '../api/api-error';
import { useApi } from '../api/ApiProvider';
import { errorText } from '../components/error-text';
import { applyLanguage, storedLanguage } from '../i18n';
import { SessionContext } from './session-context';
import type { Phase, Session } from './session-context';

const RETRY_START_MS = 1000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const { setColorScheme: applyScheme } = useMantineColorScheme();
  const [phase, setPhase] = useState<Phase>({ name: 'starting' });
  const user = phase.name === 'app' ? phase.user : null;
  // Event handlers outlive renders; they read the current phase from here.
  const phaseRef = useRef(phase);
  useEffect(() => {
    phaseRef.current = phase;
  }, [phase]);

  useEffect(() => {
    let live = true;
    async function start(): Promise<void> {
      while (live) {
        try {
          const status = await api.call('auth.status', {});
          if (!live) return;
          if (!storedLanguage()) applyLanguage(status.defaultLanguage, false);
          if (status.needsSetup) return setPhase({ name: 'setup' });
          // A reload keeps the token; the transport has already re-attached it to the engine.
          if (api.hasToken()) {
            try {
              const me = await api.call('auth.me', {});
              if (live) setPhase({ name: 'app', user: me });
              return;
            } catch (err) {
              if (!isApiError(err) || err.kind !== 'unauthenticated') throw err;
            }
          }
          if (live) setPhase({ name: 'login', notice: null });
          return;
        } catch {
          // The engine is starting or restarting; the status line says so. Keep trying.
          await new Promise((r) => setTimeout(r, RETRY_START_MS));
        }
      }
    }
    void start();
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    const offEnded = api.subscribe('session.ended', ({ reason }) => {
      if (phaseRef.current.name === 'app') setPhase({ name: 'login', notice: reason });
    });
    const offUser = api.subscribe('session.user', (next) => {
      setPhase((p) => (p.name === 'app' && p.user.id === next.id ? { name: 'app', user: next } : p));
    });
    return () => {
      offEnded();
      offUser();
    };
  }, [api]);

  // The user's record is the source of truth for their preferences, wherever they changed it.
  const userLanguage = user?.language;
  const userScheme = user?.colorScheme;
  useEffect(() => {
    if (userLanguage) applyLanguage(userLanguage, true);
  }, [userLanguage]);
  useEffect(() => {
    if (userScheme) applyScheme(userScheme);
  }, [userScheme, applyScheme]);

  const saveProfile = useCallback(
    (patch: { language?: Language; colorScheme?: ColorScheme }) => {
      api.call('profile.update', patch).then(
        (next: User) => setPhase((p) => (p.name === 'app' ? { name: 'app', user: next } : p)),
        (err: unknown) => notifications.show({ color: 'red', message: errorText(t, err, i18n.language) }),
      );
    },
    [api, t, i18n],
  );

  const session = useMemo<Session>(
    () => ({
      phase,
      user,
      signedIn: (u) => setPhase({ name: 'app', user: u }),
      async logout() {
        try {
          await api.call('auth.logout', {});
        } catch {
          // The token is already forgotten, so no reconnect or reload can resume this session.
        }
        setPhase({ name: 'login', notice: 'logout' });
      },
      setLanguage(language) {
        applyLanguage(language, true);
        if (user && user.language !== language) saveProfile({ language });
      },
      setColorScheme(scheme) {
        applyScheme(scheme);
        if (user && user.colorScheme !== scheme) saveProfile({ colorScheme: scheme });
      },
    }),
    [phase, user, api, applyScheme, saveProfile],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
