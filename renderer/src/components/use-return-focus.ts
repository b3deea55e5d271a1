import { useCallback, useRef } from 'react';

/**
 * The console mounts dialogs only while open, so Mantine's own focus return never runs: the
 * dialog is gone before it could. remember() when opening, restore() after closing, and focus
 * goes back to what opened it (a button, a grid cell) if that is still on the page and enabled.
 */
export function useReturnFocus(): { remember(): void; restore(fallback?: () => HTMLElement | null): void } {
  const saved = useRef<HTMLElement | null>(null);
  const remember = useCallback(() => {
    saved.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, []);
  const restore = useCallback((fallback?: () => HTMLElement | null) => {
    const target = saved.current;
    saved.current = null;
    setTimeout(() => {
      // A button the change disabled cannot take focus: then the fallback (e.g. its section heading).
      if (target?.isConnected && !target.matches(':disabled')) target.focus();
      else fallback?.()?.focus();
    }, 0);
  }, []);
  return { remember, restore };
}
