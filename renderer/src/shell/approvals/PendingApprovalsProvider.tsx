/**
 * Pending approvals for everyone who may approve: the engine says per alert whether this user
 * may (`can.canApprove`: role, state, not the launcher), and `alert.progress` says when an alert
 * enters or leaves `pending_approval`, on every console. Each new one is announced once: a
 * notification and a short chime.
 */
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { may, type AlertView } from '@contract';
import { useApi, useConnectionState } from '../../api/ApiProvider';
import { useApiEvent } from '../../components/use-api-event';
import { useUser } from '../../session/session-context';
import { PendingApprovalsContext } from './approvals-context';
import { playChime } from './chime';

const notificationId = (id: number) => `approval-${id}`;

export function PendingApprovalsProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const connection = useConnectionState();
  const [alerts, setAlerts] = useState<AlertView[]>([]);
  const announced = useRef(new Set<number>());
  const generation = useRef(0);
  const mayApprove = may(user.role, 'alerts.approve');

  const reload = useCallback(() => {
    if (!mayApprove) return;
    const mine = ++generation.current;
    api.call('alerts.list', { active: true, limit: 200 }).then(
      (list) => {
        if (mine !== generation.current) return; // a newer answer is on its way
        setAlerts(list.filter((a) => a.state === 'pending_approval' && a.can.canApprove));
      },
      () => undefined, // offline: the banner says so; the next connection reloads
    );
  }, [api, mayApprove]);

  useEffect(() => {
    if (connection === 'connected') reload();
  }, [connection, reload]);

  const pendingIds = useMemo(() => new Set(alerts.map((a) => a.id)), [alerts]);
  useApiEvent('alert.progress', (payload) => {
    if (payload.alerts.some((a) => a.state === 'pending_approval' || pendingIds.has(a.id))) reload();
  });

  // Announce each new one once; take away the notification of one that is no longer waiting.
  useEffect(() => {
    const fresh = alerts.filter((a) => !announced.current.has(a.id));
    for (const a of fresh) {
      announced.current.add(a.id);
      notifications.show({
        id: notificationId(a.id),
        color: 'orange',
        title: t('banners.approvals.notifyTitle'),
        message: t('banners.approvals.notifyText', { title: a.title, count: a.counters.recipients, by: a.createdBy ?? t('banners.approvals.someone') }),
        autoClose: 20_000,
      });
    }
    if (fresh.length > 0) playChime();
    for (const id of announced.current) if (!pendingIds.has(id)) notifications.hide(notificationId(id));
  }, [alerts, pendingIds, t]);

  const approve = useCallback(
    async (id: number) => {
      const approved = await api.call('alerts.approve', { id });
      setAlerts((list) => list.filter((a) => a.id !== id));
      reload();
      return approved;
    },
    [api, reload],
  );

  const value = useMemo(() => ({ alerts, approve }), [alerts, approve]);
  return <PendingApprovalsContext.Provider value={value}>{children}</PendingApprovalsContext.Provider>;
}
