/**
 * Proposed call-outs (inbound alarms a rule matched) for every console: read once per connection
 * (again after a reconnect: a push may have been missed) and again on every `proposals.changed`.
 * A NEW proposal (its id among the event's `created`) is signalled once: the short chime the
 * approvals use and one assertive announcement, since an alarm is waiting. A source's Cancel of a
 * launched proposal is signalled the same way once, for the operator to decide.
 */
import { VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { may, type Proposal } from '@contract';
import { useApi, useConnectionState } from '../../api/ApiProvider';
import { useApiEvent } from '../../components/use-api-event';
import { useUser } from '../../session/session-context';
import { playChime } from '../approvals/chime';
import { headlineOf } from './proposal-href';
import { OpenProposalsContext } from './proposals-context';

const newestFirst = (a: Proposal, b: Proposal) => b.receivedAt.localeCompare(a.receivedAt);

/** How long an announcement stays in the page's alert region after it is said. */
const ANNOUNCEMENT_MS = 20_000;

export function OpenProposalsProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const connection = useConnectionState();
  const mayList = may(user.role, 'proposals.list');
  const [open, setOpen] = useState<Proposal[]>([]);
  const [cancelRequests, setCancelRequests] = useState<Proposal[]>([]);
  const [announcement, setAnnouncement] = useState('');
  /** Ids the engine said it created / changed since this console connected, and what was said about them. */
  const created = useRef(new Set<number>());
  const changed = useRef(new Set<number>());
  const announcedNew = useRef(new Set<number>());
  const announcedCancel = useRef(new Set<number>());
  const generation = useRef(0);

  const signal = useCallback(
    (openNow: Proposal[], launched: Proposal[], asking: Proposal[]) => {
      const said: string[] = [];
      for (const p of [...openNow, ...launched]) {
        if (!created.current.has(p.id) || announcedNew.current.has(p.id)) continue;
        announcedNew.current.add(p.id);
        said.push(t(p.state === 'open' ? 'integrations.triggers.banner.announceNew' : 'integrations.triggers.banner.announceLaunched', { headline: headlineOf(p) }));
      }
      for (const p of asking) {
        if (!changed.current.has(p.id) || announcedCancel.current.has(p.id)) continue;
        announcedCancel.current.add(p.id);
        said.push(t('integrations.triggers.cancel.announce', { title: p.draft?.title ?? headlineOf(p) }));
      }
      if (said.length === 0) return;
      playChime();
      setAnnouncement(said.join(' '));
    },
    [t],
  );

  const reload = useCallback(() => {
    if (!mayList) return;
    const mine = ++generation.current;
    Promise.all([api.call('proposals.list', { state: 'open', limit: 100 }), api.call('proposals.list', { state: 'launched', limit: 100 })]).then(
      ([openNow, launched]) => {
        if (mine !== generation.current) return; // a newer answer is on its way
        const asking = launched.filter((p) => p.cancelRequested).sort(newestFirst);
        setOpen([...openNow].sort(newestFirst));
        setCancelRequests(asking);
        signal(openNow, launched, asking);
      },
      () => undefined, // offline or not answering: the banners say so; the next connection reloads
    );
  }, [api, mayList, signal]);

  useEffect(() => {
    if (connection === 'connected') reload();
  }, [connection, reload]);

  // Said once: the words leave the page after a while (the banner keeps showing the alarm).
  useEffect(() => {
    if (!announcement) return;
    const quiet = setTimeout(() => setAnnouncement(''), ANNOUNCEMENT_MS);
    return () => clearTimeout(quiet);
  }, [announcement]);

  useApiEvent('proposals.changed', (payload) => {
    for (const id of payload.created) created.current.add(id);
    for (const id of payload.ids) changed.current.add(id);
    reload();
  });

  const dismiss = useCallback(
    async (id: number) => {
      const dismissed = await api.call('proposals.dismiss', { id });
      setOpen((list) => list.filter((p) => p.id !== id));
      reload();
      return dismissed;
    },
    [api, reload],
  );

  const resolveCancel = useCallback(
    async (id: number, stop: boolean) => {
      const resolved = await api.call('proposals.resolveCancel', { id, stop });
      setCancelRequests((list) => list.filter((p) => p.id !== id));
      reload();
      return resolved;
    },
    [api, reload],
  );

  const value = useMemo(() => ({ open, cancelRequests, dismiss, resolveCancel }), [open, cancelRequests, dismiss, resolveCancel]);
  return (
    <OpenProposalsContext.Provider value={value}>
      {children}
      {/* Assertive, and only for a new alarm or a source's Cancel: both wait for a person now. Mounted
          only with its words: an empty alert region on every page is noise to a screen reader. */}
      {announcement ? (
        <VisuallyHidden role="alert" aria-live="assertive" aria-atomic="true" data-testid="proposals-announcer">
          {announcement}
        </VisuallyHidden>
      ) : null}
    </OpenProposalsContext.Provider>
  );
}
