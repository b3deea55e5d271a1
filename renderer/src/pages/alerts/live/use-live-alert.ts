/**
 * One alert kept live: the DTO and, per board group, a page of its people, fetched once and
 * then merged from the batched `alert.progress` events (counters by alert id, recipient rows by
 * row id). Every change reaches every console: the engine publishes what its writes changed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { useApiEvent } from '../../../components/use-api-event';
import { useLoad } from '../../../components/use-load';
import { GROUP_PAGE, mergeGroup, type RecipientState } from './board-groups';

/** Reads of a group again (a hole to fill, a big change) are joined: at most one per this long. */
const RELOAD_AFTER_MS = 300;

export function useLiveAlert(id: number, onStateChange: (state: Alert['state'], waiting: boolean) => void) {
  const api = useApi();
  const alert = useLoad(useCallback(() => api.call('alerts.get', { id }), [api, id]));

  useApiEvent('alert.progress', (payload) => {
    const mine = payload.alerts.find((a) => a.id === id);
    if (!mine) return;
    const before = alert.data;
    alert.setData((a) => a && { ...a, state: mine.state, waitingForUplink: mine.waitingForUplink, waitingForPublicUrl: mine.waitingForPublicUrl, counters: mine.counters });
    if (!before) return;
    const stateChanged = before.state !== mine.state;
    if (stateChanged || before.waitingForUplink !== mine.waitingForUplink) onStateChange(mine.state, mine.waitingForUplink);
    // Start and finish times, and a burn (another console's too), come with the full record.
    if (stateChanged || (before.burn?.burnedAt ?? null) !== mine.burnedAt) alert.reload();
  });

  return alert;
}

/** One board group's page: its rows follow every published change without a reload of the page. */
export function useRecipientGroup(id: number, state: RecipientState, total: number) {
  const api = useApi();
  const [chosenOffset, setOffset] = useState(0);
  // A page past the end (people left the group) shows the last page that has someone.
  const offset = chosenOffset > 0 && chosenOffset >= total ? Math.max(0, Math.floor((total - 1) / GROUP_PAGE) * GROUP_PAGE) : chosenOffset;
  const page = useLoad(
    useCallback(async () => {
      const result = await api.call('alerts.recipients', { id, state, offset, limit: GROUP_PAGE });
      return { offset, rows: result.rows };
    }, [api, id, state, offset]),
  );
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadSoon = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = null;
      page.reload();
    }, RELOAD_AFTER_MS);
  }, [page]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useApiEvent('alert.progress', (payload) => {
    const mine = payload.alerts.find((a) => a.id === id);
    if (mine?.reloadRecipients) {
      reloadSoon();
      return;
    }
    const changed = payload.recipients.filter((r) => r.alertId === id).map(({ alertId: _alertId, ...row }) => row);
    if (changed.length === 0) return;
    // A page still being read may predate this change: read it again once it is in.
    if (!page.data || page.loading) {
      if (changed.some((r) => r.state === state)) reloadSoon();
      return;
    }
    // The total comes with the counters; it tells whether a later page still has someone to move up.
    const merged = mergeGroup(page.data, state, changed, mine?.counters[state] ?? total);
    page.setData(() => merged.page);
    if (merged.reload) reloadSoon();
  });

  return { page, offset, setOffset };
}
