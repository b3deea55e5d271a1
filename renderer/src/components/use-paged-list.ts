import { useCallback, useEffect, useState } from 'react';
import type { Dispatch, SetStateAction } from 'react';

/** `more`: the last page was full, so there may be more; `end`: nothing more to fetch. */
export type PagedStatus = 'loading' | 'more' | 'end';

export interface PagedList<T> {
  rows: T[];
  status: PagedStatus;
  error: unknown;
  /** Appends the page after the last row; on failure the error shows and "load more" stays. */
  loadMore(): Promise<void>;
  /** Fetches the first page again; the rows shown stay until it arrives. */
  reload(): void;
  /** Changes the rows after an event, without another round trip. */
  setRows: Dispatch<SetStateAction<T[]>>;
  /** For the page's own actions that share the list's error slot. */
  setError: Dispatch<SetStateAction<unknown>>;
}

/**
 * A list fetched newest first, a page at a time: the first page once per `fetchPage` identity
 * (wrap it in useCallback) and on reload(), the next one on loadMore(), asking for the rows
 * before the cursor of the last row shown. A page shorter than `pageSize` is the end.
 */
export function usePagedList<T>(
  fetchPage: (beforeId?: number) => Promise<T[]>,
  pageSize: number,
  cursorOf: (row: T) => number,
): PagedList<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [status, setStatus] = useState<PagedStatus>('loading');
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    fetchPage().then(
      (first) => {
        if (!live) return;
        setRows(first);
        setStatus(first.length < pageSize ? 'end' : 'more');
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setStatus('end');
      },
    );
    return () => {
      live = false;
    };
  }, [fetchPage, pageSize, generation]);

  async function loadMore(): Promise<void> {
    const last = rows.at(-1);
    if (!last) return;
    setStatus('loading');
    setError(null);
    try {
      const next = await fetchPage(cursorOf(last));
      setRows((prev) => [...prev, ...next]);
      setStatus(next.length < pageSize ? 'end' : 'more');
    } catch (err) {
      setError(err);
      setStatus('more');
    }
  }

  const reload = useCallback(() => {
    setStatus('loading');
    setError(null);
    setGeneration((g) => g + 1);
  }, []);

  return { rows, status, error, loadMore, reload, setRows, setError };
}
