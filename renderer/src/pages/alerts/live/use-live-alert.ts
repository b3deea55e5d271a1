/**
 * One alert kept live: the DTO and a page of its recipients, fetched once and then merged from
 * the batched `alert.progress` events (counters by alert id, recipient rows by row id).
 */
import { useCallback } from 'react';
import type { Alert, RecipientRow } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { useApiEvent } from '../../../components/use-api-event';
import { useLoad } from '../../../components/use-load';

export const RECIPIENT_PAGE = 50;
export type RecipientState = RecipientRow['state'];

export function useLiveAlert(id: number, onStateChange: (state: Alert['state'], waiting: boolean) => void) {
  const api = useApi();
  const alert = useLoad(useCallback(() => api.call('alerts.get', { id }), [api, id]));

  useApiEvent('alert.progress', (payload) => {
    const mine = payload.alerts.find((a) => a.id === id);
    if (!mine) return;
    const before = alert.data;
    alert.setData((a) => a && { ...a, state: mine.state, waitingForUplink: mine.waitingForUplink, counters: mine.counters });
    if (before && (before.state !== mine.state || before.waitingForUplink !== mine.waitingForUplink)) {
      onStateChange(mine.state, mine.waitingForUplink);
      // Start and finish times come with the full record.
      if (before.state !== mine.state) alert.reload();
    }
  });

  return alert;
}

export function useRecipientPage(id: number, state: RecipientState | null, offset: number) {
  const api = useApi();
  const page = useLoad(
    useCallback(
      () => api.call('alerts.recipients', { id, ...(state ? { state } : {}), offset, limit: RECIPIENT_PAGE }),
      [api, id, state, offset],
    ),
  );

  useApiEvent('alert.progress', (payload) => {
    const changed = new Map(payload.recipients.filter((r) => r.alertId === id).map((r) => [r.id, r]));
    if (changed.size === 0) return;
    page.setData((current) => {
      if (!current?.rows.some((r) => changed.has(r.id))) return current;
      return {
        ...current,
        rows: current.rows.map((r) => {
          const u = changed.get(r.id);
          if (!u) return r;
          const { alertId: _alertId, ...row } = u;
          return row;
        }),
      };
    });
  });

  return page;
}
