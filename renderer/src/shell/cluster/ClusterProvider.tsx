/**
 * Which workstation leads (several engines on one PostgreSQL): read with `system.cluster` once
 * per connection (again after a reconnect: a push may have been missed), replaced by every
 * `cluster.status` push. A `cluster.takeover` push becomes a notice on every page and is said
 * once, politely, by a live region that is always mounted.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClusterStatus, Takeover } from '@contract';
import { useApi, useConnectionState } from '../../api/ApiProvider';
import { Announcer } from '../../components/Announcer';
import { useApiEvent } from '../../components/use-api-event';
import { ClusterContext } from './cluster-context';
import { takeoverKey, takeoverText } from './cluster-texts';

/** How long a takeover notice stays unless dismissed (Översikt keeps the last one for good). */
const NOTICE_MS = 5 * 60_000;

export function ClusterProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const connection = useConnectionState();
  const [status, setStatus] = useState<ClusterStatus | null>(null);
  const [notice, setNotice] = useState<Takeover | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef(new Set<string>());

  useEffect(() => {
    if (connection !== 'connected') return;
    let live = true;
    // An engine without a cluster (admin tools) may not answer: then nothing is shown.
    api.call('system.cluster', {}).then(
      (next) => live && setStatus(next),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, connection]);

  useApiEvent('cluster.status', setStatus);
  useApiEvent('cluster.takeover', (takeover) => {
    const key = takeoverKey(takeover);
    if (announced.current.has(key)) return;
    announced.current.add(key);
    setNotice(takeover);
    setAnnouncement(`${t('cluster.takeover.title')}. ${takeoverText(t, takeover, i18n.language)} ${t('cluster.takeover.carryOn')}`);
  });

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const dismiss = useCallback(() => setNotice(null), []);
  const value = useMemo(() => ({ status, notice, dismiss }), [status, notice, dismiss]);
  return (
    <ClusterContext.Provider value={value}>
      {children}
      <Announcer message={announcement} />
    </ClusterContext.Provider>
  );
}
