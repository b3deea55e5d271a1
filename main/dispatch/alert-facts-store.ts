/**
 * What the dispatcher needs to know about an alert besides its attempts: whether it is a drill
 * (which carrier it uses) and where it stands for the public URL's check (public-url-wait.ts).
 * The same SQL on SQLite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/store';

/** Whether an alert is a drill, or undefined when there is no such alert. */
export async function alertIsDrill(q: Queryable, alertId: number): Promise<boolean | undefined> {
  const row = await q.get<{ drill: number }>(sql`SELECT drill FROM alerts WHERE id = ${alertId}`);
  return row && Number(row.drill) === 1;
}

export interface CallStanding {
  state: string;
  /** When it became ready to go: approved, or else launched. */
  since: number;
  channels: string[];
  /** Whether any call of it has been submitted (its texts do not count). */
  called: boolean;
}

export async function callStanding(q: Queryable, alertId: number): Promise<CallStanding | undefined> {
  const row = await q.get<{ state: string; since: number; channels: string; called: number | boolean }>(sql`
    SELECT a.state, COALESCE(a.approved_at, a.created_at) AS since, a.channels,
      EXISTS (SELECT 1 FROM dispatch_attempts d WHERE d.alert_id = a.id AND d.channel = 'voice' AND d.submitting_at IS NOT NULL) AS called
    FROM alerts a WHERE a.id = ${alertId}`);
  return row && { state: row.state, since: Number(row.since), channels: JSON.parse(row.channels) as string[], called: Boolean(row.called) };
}
