import { z } from 'zod';
import { isoTimeSchema, languageSchema } from './common';

export const authStatusSchema = z.object({
  needsSetup: z.boolean(),
  version: z.string(),
  defaultLanguage: languageSchema,
});

export const systemInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  /** Which database engine holds the data: the embedded SQLite file or a PostgreSQL server. */
  databaseEngine: z.enum(['sqlite', 'postgres']),
  /** The SQLite file, or `host:port/database` of PostgreSQL (never a password). */
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  startedAt: z.string(),
  listen: z.string(),
  lanAccess: z.boolean(),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

/** A takeover: the leader before (null when unknown), the new one, and when. */
export const takeoverSchema = z.object({ from: z.string().nullable(), to: z.string(), at: isoTimeSchema });
export type Takeover = z.infer<typeof takeoverSchema>;

/**
 * The engines on this database: which one leads (dispatches) and which stand by. On SQLite
 * there is one engine, the leader, and `multiple` is false.
 */
export const clusterStatusSchema = z.object({
  self: z.object({ id: z.string(), name: z.string(), role: z.enum(['leader', 'standby']) }),
  /** Whether several engines can share this database (PostgreSQL). */
  multiple: z.boolean(),
  /** The fencing epoch this engine leads under, null while it stands by. */
  epoch: z.number().int().nullable(),
  leader: z.object({ id: z.string(), name: z.string(), since: isoTimeSchema }).nullable(),
  nodes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(['leader', 'standby']),
      /** Leading since (leader) or started (standby). */
      since: isoTimeSchema,
      seenAt: isoTimeSchema,
      self: z.boolean(),
    }),
  ),
  lastTakeover: takeoverSchema.nullable(),
});
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;
