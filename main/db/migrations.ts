/** What this build knows about the schema: the migrations folder and its journal. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const journalSchema = z.object({
  entries: z.array(z.object({ idx: z.number(), when: z.number(), tag: z.string() })).min(1),
});

export interface KnownSchema {
  folder: string;
  /** Number of migrations this build ships: the value `user_version` holds once migrated. */
  version: number;
  /** `when` of the newest shipped migration, as drizzle records it in `created_at`. */
  newestMillis: number;
}

export function readKnownSchema(folder: string): KnownSchema {
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = journalSchema.parse(JSON.parse(readFileSync(journalPath, 'utf8')));
  return {
    folder,
    version: journal.entries.length,
    newestMillis: Math.max(...journal.entries.map((e) => e.when)),
  };
}
