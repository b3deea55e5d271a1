import { z } from 'zod';
import { idSchema, isoTimeSchema } from './common';

export const auditEntrySchema = z.object({
  id: idSchema,
  at: isoTimeSchema,
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditVerifySchema = z.object({
  intact: z.boolean(),
  checked: z.number().int(),
  /** The first row whose content or link no longer matches the chain, when broken. */
  firstBrokenId: z.number().int().nullable(),
  problem: z.string().nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;

export const auditListInputSchema = z.object({
  beforeId: idSchema.optional(),
  limit: z.number().int().min(1).max(500).default(100),
  action: z.string().max(80).optional(),
});
