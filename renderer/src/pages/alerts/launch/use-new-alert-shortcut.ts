import { useEffect } from 'react';
import { paramOf } from '../../../router/hash-route';
import { useCan } from '../../../session/use-can';
import { newAlertHref } from '../alert-href';

/** Typing somewhere: a letter N there is text, not a command. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || Boolean(target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]'));
}

/** An open dialog owns the keyboard until it closes. */
const dialogOpen = () => document.querySelector('[role="dialog"][aria-modal="true"], [role="alertdialog"]') !== null;

/**
 * `N` anywhere in the console opens a new alert (for those who may launch), unless the operator
 * is typing, holds a modifier (Ctrl+N and the like belong to the browser) or a dialog is open.
 */
export function useNewAlertShortcut(): void {
  const canLaunch = useCan('alerts.launch');
  useEffect(() => {
    if (!canLaunch) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'n' && e.key !== 'N') return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.defaultPrevented) return;
      if (typing(e.target) || dialogOpen()) return;
      if (paramOf(window.location.hash, 'nytt') !== null) return; // already in the wizard
      e.preventDefault();
      window.location.hash = newAlertHref();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [canLaunch]);
}
