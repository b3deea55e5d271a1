/**
 * The cluster's rows: which engines run on this database (cluster_nodes) and the leadership's
 * fencing epoch (cluster_leadership, one row). The advisory lock that decides who leads is in
 * leader-lock-store.ts; these rows only record it, for the console and for fencing.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/store';

export type NodeRole = 'leader' | 'standby' | 'stopped';

export interface ClusterNodeRow {
  id: string;
  name: string;
  role: NodeRole;
  startedAt: number;
  seenAt: number;
  leadingSince: number | null;
}

export interface LeadershipRow {
  epoch: number;
  leaderId: string | null;
  leaderName: string | null;
  since: number;
}

/** An engine joins (as a standby) when it starts. */
export async function joinCluster(q: Queryable, node: { id: string; name: string }, now: number): Promise<void> {
  await q.run(sql`
    INSERT INTO cluster_nodes (id, name, role, started_at, seen_at, leading_since)
    VALUES (${node.id}, ${node.name}, 'standby', ${now}, ${now}, NULL)`);
}

/** This engine is alive in `role`: a real write, so it also proves the database takes writes. */
export async function heartbeat(q: Queryable, id: string, role: NodeRole, leadingSince: number | null, now: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE cluster_nodes SET role = ${role}, seen_at = ${now}, leading_since = ${leadingSince} WHERE id = ${id}`);
  return changes === 1;
}

/** The engines seen since `since` (ms), and every one that says it leads, newest first. */
export function liveNodes(q: Queryable, since: number): Promise<ClusterNodeRow[]> {
  return q.all<ClusterNodeRow>(sql`
    SELECT id AS "id", name AS "name", role AS "role", started_at AS "startedAt", seen_at AS "seenAt", leading_since AS "leadingSince"
    FROM cluster_nodes WHERE seen_at >= ${since} AND role <> 'stopped'
    ORDER BY started_at DESC`);
}

/** Rows of engines gone for longer than `before` (ms) are forgotten: the list stays short. */
export async function forgetNodes(q: Queryable, before: number): Promise<void> {
  await q.run(sql`DELETE FROM cluster_nodes WHERE seen_at < ${before}`);
}

/**
 * Takes the lead: bumps the fencing epoch and names this engine, in one unit (on PostgreSQL units
 * take the writer's lock, so no claim of the old epoch commits after this). Returns the new epoch
 * and who led before.
 */
export function takeLead(q: Queryable, node: { id: string; name: string }, now: number): Promise<{ epoch: number; previousId: string | null; previousName: string | null }> {
  return q.unit(async (tx) => {
    const before = await currentLeadership(tx);
    const row = await tx.get<{ epoch: number }>(sql`
      INSERT INTO cluster_leadership (id, epoch, leader_id, leader_name, since) VALUES (1, 1, ${node.id}, ${node.name}, ${now})
      ON CONFLICT (id) DO UPDATE SET epoch = cluster_leadership.epoch + 1, leader_id = excluded.leader_id,
        leader_name = excluded.leader_name, since = excluded.since
      RETURNING epoch AS "epoch"`);
    // The engine that led before is gone or cut off: it is listed again when its heartbeat says it lives.
    await tx.run(sql`UPDATE cluster_nodes SET role = 'stopped', leading_since = NULL WHERE role = 'leader' AND id <> ${node.id}`);
    await tx.run(sql`UPDATE cluster_nodes SET role = 'leader', leading_since = ${now}, seen_at = ${now} WHERE id = ${node.id}`);
    return { epoch: Number(row!.epoch), previousId: before?.leaderId ?? null, previousName: before?.leaderName ?? null };
  });
}

export async function currentLeadership(q: Queryable): Promise<LeadershipRow | undefined> {
  const row = await q.get<LeadershipRow>(sql`
    SELECT epoch AS "epoch", leader_id AS "leaderId", leader_name AS "leaderName", since AS "since" FROM cluster_leadership WHERE id = 1`);
  return row && { ...row, epoch: Number(row.epoch), since: Number(row.since) };
}

/** The engine stops: it no longer leads or stands by. */
export async function leaveCluster(q: Queryable, id: string, now: number): Promise<void> {
  await q.run(sql`UPDATE cluster_nodes SET role = 'stopped', seen_at = ${now}, leading_since = NULL WHERE id = ${id}`);
}

const UPLINK_KEY = 'cluster.leader_waiting_for_uplink';

/** The leader says whether its dispatcher waits for the carrier, for consoles on every engine. */
export async function noteLeaderUplink(q: Queryable, waiting: boolean): Promise<void> {
  await q.run(sql`
    INSERT INTO app_meta (key, value) VALUES (${UPLINK_KEY}, ${waiting ? '1' : '0'})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

export async function leaderWaitsForUplink(q: Queryable): Promise<boolean> {
  return (await q.get<{ value: string }>(sql`SELECT value AS "value" FROM app_meta WHERE key = ${UPLINK_KEY}`))?.value === '1';
}
