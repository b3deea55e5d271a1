/** A tiny hash router: `#/larm` → "larm". Hash routes work from file:// (Electron) and http:// alike. */
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The path after `#/`, or '' for anything else (an empty hash, or an in-page anchor). */
export function pathOf(hash: string): string {
  if (!hash.startsWith('#/')) return '';
  return decodeURIComponent(hash.slice(2).split(/[?#]/)[0] ?? '');
}

export function hrefOf(path: string): string {
  return `#/${path}`;
}

export function useHashPath(): string {
  return pathOf(useSyncExternalStore(subscribe, () => window.location.hash));
}
