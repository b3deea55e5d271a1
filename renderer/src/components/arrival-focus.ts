import { useEffect } from 'react';
import type { RefObject } from 'react';

/**
 * When a screen replaces another because of something the user did (a menu link, logging in
 * or out), focus moves to its heading so keyboard and screen-reader users start there. On a
 * fresh page load nothing has been done yet; focus stays at the top, where the skip link is.
 */
export function useArrivalFocus(heading: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
    if (activation && !activation.hasBeenActive) return;
    heading.current?.focus();
  }, [heading]);
}
