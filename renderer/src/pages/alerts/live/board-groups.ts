/**
 * The status board's groups: who is where, and how one group's page of rows follows the
 * published changes. The engine owns the states; this only sorts its rows into place.
 */
import type { AlertCounters, RecipientRow } from '@contract';

export type RecipientState = RecipientRow['state'];

/** The order on the board: who is coming, who is still being tried, who was not reached; then the rest. */
export const BOARD_GROUPS: readonly RecipientState[] = ['confirmed', 'pending', 'unreached', 'declined', 'canceled'];
/** Always shown (an empty one says so by its count); the others only once someone is in them. */
export const MAIN_GROUPS: readonly RecipientState[] = ['confirmed', 'pending', 'unreached'];

export const GROUP_PAGE = 50;

export function groupTotal(counters: AlertCounters, state: RecipientState): number {
  return counters[state];
}

export function shownGroups(counters: AlertCounters): RecipientState[] {
  return BOARD_GROUPS.filter((g) => MAIN_GROUPS.includes(g) || groupTotal(counters, g) > 0);
}

export interface GroupPage {
  offset: number;
  rows: RecipientRow[];
}

/**
 * One group's page after some rows changed. Rows stay in call-out order (by id). A row that
 * left the group goes; one that joined comes in where it sorts, if that is on this page. When
 * the page may now miss someone (a hole a later page would fill, or a joiner before it),
 * `reload` says the page must be read again.
 */
export function mergeGroup(page: GroupPage, state: RecipientState, changed: RecipientRow[], total: number): { page: GroupPage; reload: boolean } {
  if (changed.length === 0) return { page, reload: false };
  const byId = new Map(changed.map((r) => [r.id, r]));
  let reload = false;
  let rows = page.rows.flatMap((r) => {
    const next = byId.get(r.id);
    if (!next) return [r];
    byId.delete(r.id);
    return next.state === state ? [next] : [];
  });
  const joiners = [...byId.values()].filter((r) => r.state === state);
  const last = page.rows.at(-1)?.id ?? Number.POSITIVE_INFINITY;
  for (const r of joiners) {
    // Before this page starts, or after a full page ends: another page's business, but this page shifts.
    const beforePage = page.offset > 0 && r.id < (page.rows[0]?.id ?? 0);
    if (beforePage) reload = true;
    else if (r.id < last || page.rows.length < GROUP_PAGE) rows.push(r);
  }
  rows.sort((a, b) => a.id - b.id);
  if (rows.length > GROUP_PAGE) rows = rows.slice(0, GROUP_PAGE);
  // Someone left a full page while more follow: the next one moves up into it.
  if (rows.length < GROUP_PAGE && page.offset + rows.length < total) reload = true;
  return { page: { offset: page.offset, rows }, reload };
}
