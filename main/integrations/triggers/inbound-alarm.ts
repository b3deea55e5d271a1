/**
 * An inbound alarm as the trigger rules see it, whatever it came as (CAP 1.2 or JSON): the CAP
 * reader (cap/cap-in.ts) and the JSON trigger both produce this shape.
 */
import type { z } from 'zod';
import type { capMsgTypeSchema, capSeveritySchema, capStatusSchema, capUrgencySchema } from '../../contract';

export interface InboundAlarm {
  format: 'cap' | 'json';
  /** CAP `identifier`, or the JSON alarm's `id`. */
  externalId: string;
  sender: string;
  msgType: z.infer<typeof capMsgTypeSchema>;
  status: z.infer<typeof capStatusSchema>;
  /**
   * For Update and Cancel: the earlier messages they refer to, by sender and identifier (CAP
   * `references` triples; a JSON Update or Cancel refers to its own id, with its own sender).
   */
  references: Array<{ sender: string; externalId: string }>;
  event: string;
  headline: string;
  description: string;
  /** CAP `areaDesc` values joined with "; ". */
  area: string;
  severity: z.infer<typeof capSeveritySchema>;
  urgency: z.infer<typeof capUrgencySchema>;
  /** The document as received, kept with the proposal. */
  document: string;
}
