import type { Envelope } from '@contract';
import type { ReadableStore } from './store';

export type ConnectionState = 'connected' | 'reconnecting';

export type RawInvoke = (method: string, input: unknown) => Promise<Envelope<unknown>>;

/**
 * Runs on every fresh connection before any queued call goes out: the WebSocket engine keeps
 * sessions per connection, so the client re-attaches its session here first.
 */
export type Handshake = (invoke: RawInvoke) => Promise<void>;

/** One way to reach the engine. The client above it never knows which one it has. */
export interface Transport {
  /** Resolves with the engine's envelope; rejects with an `unavailable` ApiError when it cannot be delivered. */
  invoke: RawInvoke;
  /** Every event the engine pushes, unvalidated; the client checks them against the contract. */
  onEvent(handler: (name: string, payload: unknown) => void): () => void;
  readonly state: ReadableStore<ConnectionState>;
  setHandshake(handshake: Handshake): void;
  close(): void;
}
