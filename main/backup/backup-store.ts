/** What GDial's own backups need from the live database, on either backend. */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/store';
import type { BurnedAlert } from './scrub-burned';

/** Every alert whose message was burned, named as a restored copy still knows it (scrub-burned.ts). */
export function burnedAlerts(q: Queryable): Promise<BurnedAlert[]> {
  return q.all<BurnedAlert>(sql`
    SELECT a.launch_key AS "launchKey", a.content_sha256 AS "contentSha256", b.burned_at AS "burnedAt", b.burned_by AS "burnedBy"
    FROM burn_messages b JOIN alerts a ON a.id = b.alert_id
    WHERE b.burned_at IS NOT NULL
    ORDER BY b.alert_id`);
}
