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
  /** Rows in the database's chain (up to the first problem); null when it could not be read. */
  rows: z.number().int().nullable().optional(),
  /** Rows the anchor file outside the database last saw; null without an anchor. */
  anchorRows: z.number().int().nullable().optional(),
  /** Something the auditor should know that is no break (rows whose seals cannot be checked here). */
  notice: z.string().nullable().optional(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;

/** What an audit export's manifest says the chain was: verify compares the database with it. */
export const auditManifestClaimSchema = z.object({
  headId: z.number().int().min(0).nullable(),
  headHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});
export const auditVerifyInputSchema = z.object({ manifest: auditManifestClaimSchema.optional() }).strict();

export const auditListInputSchema = z.object({
  beforeId: idSchema.optional(),
  limit: z.number().int().min(1).max(500).default(100),
  action: z.string().max(80).optional(),
});
