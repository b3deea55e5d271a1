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
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  startedAt: z.string(),
  listen: z.string(),
  lanAccess: z.boolean(),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;
