import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data after a change the page made itself, without another round trip. */
  setData(update: (current: T | undefined) => T | undefined): void;
}

/** Loads once per `load` identity (wrap it in useCallback) and again on reload(). */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });

  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [load, generation]);

  const reload = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    setGeneration((g) => g + 1);
  }, []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => {
    setState((s) => ({ ...s, data: update(s.data) }));
  }, []);

  return { ...state, reload, setData };
}
