import { z } from 'zod';
import { languageSchema } from './common';

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
