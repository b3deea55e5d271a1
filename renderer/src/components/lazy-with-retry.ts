import { createContext, createElement, lazy, useContext } from 'react';
import type { ComponentType } from 'react';

/** Long enough to ride out an engine restart (a few seconds; about 15 s in all). */
export const IMPORT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000] as const;

/**
 * Runs `load` again after each delay while it fails. A code chunk cut off by an engine restart
 * fails its dynamic import; browsers fetch a failed module again on the next import(), so
 * trying later is enough.
 */
export async function retrying<T>(
  load: () => Promise<T>,
  delaysMs: readonly number[] = IMPORT_RETRY_DELAYS_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (const delay of delaysMs) {
    try {
      return await load();
    } catch {
      await sleep(delay);
    }
  }
  return load();
}

/**
 * The nearest ErrorBoundary's current try: a new object when it is told "Försök igen" and when
 * it is mounted afresh (the operator came back to the page), either of which loads afresh.
 */
export const RetryAttempt = createContext<object>({});

/**
 * React.lazy whose chunk survives a dropped connection instead of blanking the console. React
 * remembers a failed lazy load for good (and must, so the error reaches the ErrorBoundary rather
 * than loading forever); a new try of the boundary (RetryAttempt) swaps in a fresh one.
 */
export function lazyWithRetry<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let failed = false;
  const fresh = () => {
    failed = false;
    return lazy(() =>
      retrying(load).catch((err: unknown) => {
        failed = true;
        throw err;
      }),
    );
  };
  let current = fresh();
  let seenAttempt: object | null = null;
  return function LazyWithRetry(props: P) {
    const attempt = useContext(RetryAttempt);
    if (attempt !== seenAttempt) {
      seenAttempt = attempt;
      if (failed) current = fresh();
    }
    return createElement(current, props);
  };
}
