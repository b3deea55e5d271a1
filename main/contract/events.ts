/** Everything the engine pushes to consoles without being asked. */
import { z } from 'zod';
import { alertProgressSchema } from './alerts';
import { carrierStatusSchema } from './carrier';
import { webhookStatusSchema } from './conversation';
import { clusterStatusSchema, takeoverSchema } from './system';
import { userSchema } from './users';

export const events = {
  /** This connection's session ended (logout elsewhere, account disabled, expiry). */
  'session.ended': z.object({ reason: z.enum(['logout', 'disabled', 'expired', 'password_changed']) }),
  /** The signed-in user's own record changed (role, name, preferences). */
  'session.user': userSchema,
  /** A long import's progress, to the connection that started it. */
  'import.progress': z.object({
    importId: z.string(),
    phase: z.enum(['reading', 'checking', 'writing', 'done']),
    done: z.number().int(),
    total: z.number().int(),
  }),
  /** Live counters of the alerts that changed, batched (about ten times a second at most). */
  'alert.progress': alertProgressSchema,
  /** The public URL, tunnel or its health changed. */
  'webhooks.status': webhookStatusSchema,
  /** The carrier choice changed (the banner "no real phone rings" follows it). */
  'carrier.status': carrierStatusSchema,
  /** The address book changed (someone else's edit or import): reload what is shown. */
  'contacts.changed': z.object({ ids: z.array(z.number().int()).optional() }),
  /** Which engine leads and which stand by changed (several workstations on PostgreSQL). */
  'cluster.status': clusterStatusSchema,
  /** Another engine took over the lead: every console announces it. */
  'cluster.takeover': takeoverSchema,
  /** Proposed call-outs changed (a new alarm, an update, a launch or a dismissal): consoles reload them; a new one sounds. */
  'proposals.changed': z.object({ ids: z.array(z.number().int()), created: z.array(z.number().int()) }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
