/**
 * Where calls and texts go: to Twilio (real phones ring) or to a simulator (nobody's phone
 * rings). The engine decides per alert (a drill may go to the simulator while live alerts go
 * to Twilio); the console says so in its header, the pre-flight, the live view and the report.
 */
import { z } from 'zod';

export const carrierKindSchema = z.enum(['simulator', 'twilio']);
export type CarrierKind = z.infer<typeof carrierKindSchema>;

export const carrierKindsSchema = z.object({
  /** Where live alerts go. */
  live: carrierKindSchema,
  /** Where drills go (the simulator when "drills to the simulator" is set). */
  drills: carrierKindSchema,
});
export type CarrierKinds = z.infer<typeof carrierKindsSchema>;

export const carrierStatusSchema = carrierKindsSchema.extend({
  /** Live alerts and drills alike go to a simulator: no real phone rings at all. */
  simulatorOnly: z.boolean(),
  /** What the stored settings choose, when it differs from what runs (it applies at the next start). */
  afterRestart: carrierKindsSchema.nullable(),
  /** The carrier could not be reached on the last try: alerts wait and go out when it answers again. */
  uplinkDown: z.boolean(),
  /** The database (PostgreSQL) does not answer: dispatch waits and resumes by itself when it does. */
  databaseDown: z.boolean(),
});
export type CarrierStatus = z.infer<typeof carrierStatusSchema>;
