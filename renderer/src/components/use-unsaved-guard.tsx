/**
 * Asks before unsaved changes are thrown away: when the hash changes (menu, links, Back), when a
 * modal closes and when the window closes or reloads. One guard per form; `prompt` renders its
 * dialog, and `confirmDiscard(close)` wraps a modal's close path.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { blockNavigation } from '../router/hash-route';
import { ConfirmModal } from './ConfirmModal';

export interface UnsavedGuard {
  /** Runs `discard` at once when nothing is unsaved, else after the user agrees. */
  confirmDiscard(discard: () => void): void;
  /** The dialog; render it wherever the form is. */
  prompt: ReactNode;
}

export function useUnsavedGuard(dirty: boolean): UnsavedGuard {
  const { t } = useTranslation();
  // Read at the moment of navigation, from the last render (a finished save has cleared it); a
  // layout effect, so a key pressed right after typing already sees the edit.
  const dirtyRef = useRef(dirty);
  useLayoutEffect(() => {
    dirtyRef.current = dirty;
  });
  const [pending, setPending] = useState<(() => void) | null>(null);

  useEffect(
    () =>
      blockNavigation((proceed) => {
        if (!dirtyRef.current) return false;
        setPending(() => proceed);
        return true;
      }),
    [],
  );

  useEffect(() => {
    if (!dirty) return;
    // The browser (or the desktop shell) asks in its own words; the text cannot be chosen.
    const hold = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', hold);
    return () => window.removeEventListener('beforeunload', hold);
  }, [dirty]);

  const confirmDiscard = useCallback((discard: () => void) => {
    if (dirtyRef.current) setPending(() => discard);
    else discard();
  }, []);

  const prompt = pending ? (
    <ConfirmModal
      title={t('banners.unsaved.title')}
      text={t('banners.unsaved.text')}
      confirmLabel={t('banners.unsaved.leave')}
      cancelLabel={t('banners.unsaved.stay')}
      onConfirm={async () => {
        const go = pending;
        setPending(null);
        dirtyRef.current = false;
        go();
      }}
      onClose={() => setPending(null)}
    />
  ) : null;

  return { confirmDiscard, prompt };
}
