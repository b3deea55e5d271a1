import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '@contract';
import { useApi } from '../api/ApiProvider';

/** Subscribes for the component's lifetime; the latest handler runs without resubscribing. */
export function useApiEvent<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): void {
  const api = useApi();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => api.subscribe(event, (payload) => latest.current(payload)), [api, event]);
}
