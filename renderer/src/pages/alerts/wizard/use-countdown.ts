import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * A cancellable countdown in whole seconds. `onDone` runs once when it reaches zero; leaving
 * the page (unmounting) cancels it, so nothing is launched from a screen nobody is looking at.
 */
export function useCountdown(seconds: number, onDone: () => void) {
  const [running, setRunning] = useState(false);
  const [remaining, setRemaining] = useState(seconds);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });

  useEffect(() => {
    if (!running) return;
    const endsAt = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const left = Math.ceil((endsAt - Date.now()) / 1000);
      if (left > 0) {
        setRemaining(left);
        return;
      }
      clearInterval(timer);
      setRunning(false);
      done.current();
    }, 100);
    return () => clearInterval(timer);
  }, [running, seconds]);

  const start = useCallback(() => {
    setRemaining(seconds);
    setRunning(true);
  }, [seconds]);
  const cancel = useCallback(() => setRunning(false), []);
  return { running, remaining, start, cancel };
}
