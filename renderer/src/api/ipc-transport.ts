/** The Electron transport: the preload bridge `window.gdial`. IPC cannot drop, so it is always connected. */
import { eventNames } from '@contract';
import type { Envelope } from '@contract';
import { unavailable } from './api-error';
import { createStore } from './store';
import type { ConnectionState, Handshake, Transport } from './transport';

export interface GdialBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Exposed by electron/preload through contextBridge; absent in a plain browser. */
    gdial?: GdialBridge;
  }
}

export function createIpcTransport(bridge: GdialBridge): Transport {
  const state = createStore<ConnectionState>('connected');
  const handlers = new Set<(name: string, payload: unknown) => void>();
  let handshake: Handshake = async () => {};
  let started: Promise<void> | null = null;

  const raw = async (method: string, input: unknown): Promise<Envelope<unknown>> => {
    try {
      return await bridge.invoke(method, input);
    } catch (err) {
      throw unavailable(err instanceof Error ? err.message : 'The engine is not reachable');
    }
  };
  // The preload subscribes per event name; forward every event the contract knows.
  const unsubscribers = eventNames.map((name) =>
    bridge.subscribe(name, (payload) => {
      for (const h of [...handlers]) h(name, payload);
    }),
  );

  return {
    state,
    invoke(method, input) {
      // After a window reload the engine may still hold this window's session; re-attach once first.
      // A failed resume leaves the window signed out, which the first call's answer will show.
      started ??= handshake(raw).catch(() => {});
      return started.then(() => raw(method, input));
    },
    onEvent(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    setHandshake(h) {
      handshake = h;
    },
    close() {
      for (const off of unsubscribers) off();
    },
  };
}
