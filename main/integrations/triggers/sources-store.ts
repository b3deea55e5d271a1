/** The trigger_sources table: who sends heartbeats (by API key name), when last, and how often promised. */
import { sql } from 'drizzle-orm';
import { binaryText } from '../../db/dialect-sql';
import type { Queryable } from '../../db/store';

export interface SourceRow {
  name: string;
  lastSeenAt: number;
  everySeconds: number;
}

/** A heartbeat: the source is alive now and promises the next within `everySeconds`. */
export async function recordHeartbeat(q: Queryable, name: string, everySeconds: number, at: number): Promise<void> {
  await q.run(sql`
    INSERT INTO trigger_sources (name, last_seen_at, every_seconds) VALUES (${name}, ${at}, ${everySeconds})
    ON CONFLICT (name) DO UPDATE SET last_seen_at = excluded.last_seen_at, every_seconds = excluded.every_seconds`);
}

export function listSources(q: Queryable): Promise<SourceRow[]> {
  return q.all<SourceRow>(sql`
    SELECT name, last_seen_at AS "lastSeenAt", every_seconds AS "everySeconds" FROM trigger_sources ORDER BY ${binaryText(q.dialect, sql`name`)}`);
}

/** Forgets a source (it stopped for good); the row it removed, if there was one. */
export function deleteSource(q: Queryable, name: string): Promise<SourceRow | undefined> {
  return q.get<SourceRow>(sql`
    DELETE FROM trigger_sources WHERE name = ${name} RETURNING name, last_seen_at AS "lastSeenAt", every_seconds AS "everySeconds"`);
}
