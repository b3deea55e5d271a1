/**
 * The address book as a sparse array for the virtualized table: pages of PAGE_SIZE rows are
 * fetched by offset as they scroll into view and kept in a bounded cache (least recently
 * used pages go first), so 100,000 contacts never sit in memory at once.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ContactRow } from '@contract';
import { useApi } from '../../api/ApiProvider';
import type { ContactListQuery } from './contact-filters';

export const PAGE_SIZE = 200;
const MAX_PAGES = 30;
/**
 * At most one round of fetches per interval, for the rows on screen when it fires: dragging the
 * scrollbar crosses hundreds of pages that nobody reads, a steady scroll still gets its rows.
 */
const FETCH_INTERVAL_MS = 60;
/** Rows beyond the screen that are fetched ahead, so a steady scroll rarely sees "Laddar…". */
const AHEAD = PAGE_SIZE / 4;

export interface ContactPages {
  /** null until the first answer. */
  total: number | null;
  error: unknown;
  /** True while the first page of a new query is on its way. */
  searching: boolean;
  rowAt(index: number): ContactRow | undefined;
  /** The table tells which rows are on screen; missing pages are fetched. */
  show(first: number, last: number): void;
  /** The book changed: fetch what is shown again, keeping the old rows until then. */
  refresh(): void;
}

export function useContactPages(query: ContactListQuery): ContactPages {
  const api = useApi();
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [answered, setAnswered] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const cache = useRef(new Map<number, { rows: ContactRow[]; generation: number }>());
  const inFlight = useRef(new Set<string>());
  const generation = useRef(0);
  const visible = useRef<[number, number]>([0, 0]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const queryRef = useRef(query);
  const queryKey = useRef('');
  const totalRef = useRef(Number.MAX_SAFE_INTEGER);

  const fetchPage = useCallback(
    (page: number) => {
      const gen = generation.current;
      const forQuery = queryKey.current;
      const key = `${gen}:${page}`;
      if (inFlight.current.has(key)) return;
      inFlight.current.add(key);
      api.call('contacts.list', { ...queryRef.current, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (answer) => {
          inFlight.current.delete(key);
          if (gen !== generation.current) return;
          cache.current.delete(page);
          cache.current.set(page, { rows: answer.rows, generation: gen });
          evict(cache.current, visible.current);
          totalRef.current = answer.total;
          setTotal(answer.total);
          setError(null);
          setAnswered(forQuery);
          setVersion((v) => v + 1);
        },
        (err: unknown) => {
          inFlight.current.delete(key);
          if (gen !== generation.current) return;
          setError(err);
          setAnswered(forQuery);
        },
      );
    },
    [api],
  );

  const fetchVisible = useCallback(() => {
    const [first, last] = visible.current;
    const lastPage = Math.floor(Math.max(0, Math.min(last + AHEAD, totalRef.current - 1)) / PAGE_SIZE);
    for (let page = Math.floor(Math.max(0, first - AHEAD) / PAGE_SIZE); page <= lastPage; page++) {
      const have = cache.current.get(page);
      if (!have || have.generation !== generation.current) fetchPage(page);
      else {
        // Recently seen pages go to the back of the eviction queue.
        cache.current.delete(page);
        cache.current.set(page, have);
      }
    }
  }, [fetchPage]);

  const key = JSON.stringify(query);
  useEffect(() => {
    queryRef.current = JSON.parse(key) as ContactListQuery;
    queryKey.current = key;
    generation.current++;
    cache.current.clear();
    visible.current = [0, 0];
    fetchPage(0);
  }, [key, fetchPage]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const show = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last];
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        fetchVisible();
      }, FETCH_INTERVAL_MS);
    },
    [fetchVisible],
  );

  const refresh = useCallback(() => {
    generation.current++;
    const [first, last] = visible.current;
    // Pages off screen would be stale; drop them rather than refetch them.
    for (const page of [...cache.current.keys()]) {
      if (page < Math.floor(first / PAGE_SIZE) || page > Math.floor(last / PAGE_SIZE)) cache.current.delete(page);
    }
    fetchVisible();
  }, [fetchVisible]);

  const rowAt = useCallback((index: number) => cache.current.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE], []);

  return { total, error, searching: answered !== key, rowAt, show, refresh };
}

function evict(cache: Map<number, unknown>, [first, last]: [number, number]): void {
  const keepFrom = Math.floor(first / PAGE_SIZE);
  const keepTo = Math.floor(last / PAGE_SIZE);
  for (const page of cache.keys()) {
    if (cache.size <= MAX_PAGES) return;
    if (page < keepFrom || page > keepTo) cache.delete(page);
  }
}
