/** In-process fan-out of contract events to whatever transports are attached. */
import type { EventName, EventPayload } from '../contract';

/** Who should receive an event; omitted means every signed-in connection. */
export interface Audience {
  userId?: number;
  tokenHashes?: string[];
}

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>, audience: Audience) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>, audience: Audience = {}): void {
    for (const listener of this.listeners) listener(name, payload, audience);
  }
}
