/** The secret that makes audio ids unguessable: made once per installation (app_meta), on either backend. */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/store';

export async function audioSecret(q: Queryable): Promise<string> {
  return q.unit(async (tx) => {
    const row = await tx.get<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = 'audio_secret'`);
    if (row) return row.value;
    const value = randomBytes(32).toString('hex');
    await tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('audio_secret', ${value})`);
    return value;
  });
}
