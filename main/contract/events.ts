/** Everything the engine pushes to consoles without being asked. */
import { z } from 'zod';
import { userSchema } from './users';

export const events = {
  /** This connection's session ended (logout elsewhere, account disabled, expiry). */
  'session.ended': z.object({ reason: z.enum(['logout', 'disabled', 'expired', 'password_changed']) }),
  /** The signed-in user's own record changed (role, name, preferences). */
  'session.user': userSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
