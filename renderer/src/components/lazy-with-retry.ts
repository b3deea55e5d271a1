import { createContext, createElement, lazy, useContext } from 'react';
import type { ComponentType } from 'react';

/** Long enough to ride out an engine restart (a few seconds; about 15 s in all). */
export const IMPORT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000] as const;

/**
 * The module a failed dynamic import names. Chromium says "Failed to fetch dynamically imported
 * module: <url>", Firefox "error loading dynamically imported module: <url>"; null otherwise.
 */
export function failedModuleUrl(err: unknown): string | null {
  const match = err instanceof Error ? /imported module: (\S+)/.exec(err.message) : null;
  return match ? match[1]! : null;
}

/** Each fresh try has its own URL, never one a browser has seen fail (also after "Försök igen"). */
let freshTries = 0;

/** `url` with a query of its own: to the browser a module it has not fetched, so fetched anew. */
export function freshModuleUrl(url: string): string {
  const fresh = new URL(url);
  fresh.searchParams.set('retry', String(++freshTries));
  return fresh.href;
}

const importAfresh = (url: string): Promise<unknown> => import(/* @vite-ignore */ freshModuleUrl(url));

/**
 * Runs `load` again after each delay while it fails. A code chunk cut off by an engine restart
 * fails its dynamic import, and a browser may remember that failure for the module's URL
 * (Chromium does, from version 150 at least: every later import() of it fails at once, with no
 * request). So once a failure names its module, the next tries import that module under a fresh
 * URL (`?retry=<n>`); the engine serves the same file whatever the query.
 */
export async function retrying<T>(
  load: () => Promise<T>,
  delaysMs: readonly number[] = IMPORT_RETRY_DELAYS_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  reimport: (url: string) => Promise<unknown> = importAfresh,
): Promise<T> {
  let next = load;
  for (const delay of delaysMs) {
    try {
      return await next();
    } catch (err) {
      const url = failedModuleUrl(err);
      if (url) next = () => reimport(url) as Promise<T>;
      await sleep(delay);
    }
  }
  return next();
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
