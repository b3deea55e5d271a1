import { useCallback, useRef } from 'react';

/**
 * The console mounts dialogs only while open, so Mantine's own focus return never runs: the
 * dialog is gone before it could. remember() when opening, restore() after closing, and focus
 * goes back to what opened it (a button, a grid cell) if that is still on the page.
 */
export function useReturnFocus(): { remember(): void; restore(): void } {
  const saved = useRef<HTMLElement | null>(null);
  const remember = useCallback(() => {
    saved.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, []);
  const restore = useCallback(() => {
    const target = saved.current;
    saved.current = null;
    setTimeout(() => {
      if (target?.isConnected) target.focus();
    }, 0);
  }, []);
  return { remember, restore };
}
