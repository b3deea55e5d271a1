/**
 * A tiny hash router: `#/larm` → "larm". Hash routes work from file:// (Electron) and http:// alike.
 * A page with unsaved changes may hold navigation: the hash the console shows stays the last
 * accepted one until the page's blocker lets the change through (after asking the user).
 */
import { useSyncExternalStore } from 'react';

/** Asked before the hash changes; returns true when it handled the change (it will ask, then `proceed`). */
export type NavigationBlocker = (proceed: () => void) => boolean;

const listeners = new Set<() => void>();
const blockers = new Set<NavigationBlocker>();
let accepted = window.location.hash;
/** A change the user already agreed to: it passes the blockers once. */
let agreed: string | null = null;

function notify(): void {
  for (const listener of listeners) listener();
}

/** Whether a blocker holds the change to `next`; if so, it asks and may call `proceed` later. */
function held(next: string): boolean {
  const proceed = () => {
    agreed = next;
    if (window.location.hash === next) accept(next);
    else window.location.hash = next;
  };
  for (const blocker of blockers) if (blocker(proceed)) return true;
  return false;
}

function accept(hash: string): void {
  agreed = null;
  accepted = hash;
  notify();
}

window.addEventListener('hashchange', () => {
  const next = window.location.hash;
  if (next === accepted) return;
  if (next !== agreed && held(next)) {
    // Back/forward or a script changed the hash: show the page that is still open.
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${accepted}`);
    return;
  }
  accept(next);
});

// Links are held before the browser follows them, so nothing is added to the history.
document.addEventListener(
  'click',
  (event) => {
    if (blockers.size === 0 || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href^="#"]');
    const href = link?.getAttribute('href');
    if (!href || href === accepted || !href.startsWith('#/')) return;
    if (held(href)) event.preventDefault();
  },
  true,
);

/** Holds navigation while `blocker` says so; returns the release. */
export function blockNavigation(blocker: NavigationBlocker): () => void {
  blockers.add(blocker);
  return () => blockers.delete(blocker);
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

const snapshot = () => accepted;

/** The path after `#/`, or '' for anything else (an empty hash, or an in-page anchor). */
export function pathOf(hash: string): string {
  if (!hash.startsWith('#/')) return '';
  return decodeURIComponent(hash.slice(2).split(/[?#]/)[0] ?? '');
}

export function hrefOf(path: string): string {
  return `#/${path}`;
}

export function useHashPath(): string {
  return pathOf(useSyncExternalStore(subscribe, snapshot));
}

/** One parameter after the path: `#/grupper?grupp=12` → "12" for "grupp". */
export function paramOf(hash: string, name: string): string | null {
  const at = hash.indexOf('?');
  return at < 0 ? null : new URLSearchParams(hash.slice(at + 1)).get(name);
}

export function useHashParam(name: string): string | null {
  return paramOf(useSyncExternalStore(subscribe, snapshot), name);
}
