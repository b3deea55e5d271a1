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

/** One parameter after the path: `#/grupper?grupp=12` → "12" for "grupp". */
export function paramOf(hash: string, name: string): string | null {
  const at = hash.indexOf('?');
  return at < 0 ? null : new URLSearchParams(hash.slice(at + 1)).get(name);
}

export function useHashParam(name: string): string | null {
  return paramOf(useSyncExternalStore(subscribe, () => window.location.hash), name);
}
