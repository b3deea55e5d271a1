/**
 * Groups and their ordered members. Group names are unique without regard to case: SQLite's
 * index is `name COLLATE NOCASE`, PostgreSQL's `lower(name)` (schema-pg.ts); `caseBlindEquals`
 * looks a name up exactly as the backend's index compares it.
 */
import { sql } from 'drizzle-orm';
import type { BulkInsert } from '../db/bulk-insert';
import { binaryText, caseBlindEquals, nocaseOrder } from '../db/dialect-sql';
import { inList } from '../db/multi-row';
import { getOne, type Queryable } from '../db/store';

const SMS_REACHABLE = sql`EXISTS (SELECT 1 FROM phone_numbers p WHERE p.contact_id = m.contact_id AND p.sms_capable = 1 AND p.sms_opted_out = 0)`;

export interface GroupRow {
  id: number;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  members: number;
  sms: number;
}

/** Every group (or one), by name without regard to case. */
export function groupRows(q: Queryable, id?: number): Promise<GroupRow[]> {
  return q.all<GroupRow>(sql`
    SELECT g.id, g.name, g.description, g.created_at AS "createdAt", g.updated_at AS "updatedAt",
      (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS members,
      (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id AND ${SMS_REACHABLE}) AS sms
    FROM groups g ${id === undefined ? sql`` : sql`WHERE g.id = ${id}`}
    ORDER BY ${nocaseOrder(q.dialect, sql`g.name`)}, ${binaryText(q.dialect, sql`g.name`)}, g.id`);
}

export function groupIdByName(q: Queryable, name: string): Promise<{ id: number } | undefined> {
  return q.get<{ id: number }>(sql`SELECT id FROM groups WHERE ${caseBlindEquals(q.dialect, sql`name`, name)}`);
}

export async function insertGroup(q: Queryable, name: string, description: string, at: number): Promise<number> {
  const row = await getOne<{ id: number }>(
    q,
    sql`INSERT INTO groups (name, description, created_at, updated_at) VALUES (${name}, ${description}, ${at}, ${at}) RETURNING id`,
    'new group',
  );
  return row.id;
}

/** Sets the given fields and updated_at; false when there is no such group. */
export async function updateGroup(q: Queryable, id: number, patch: { name?: string; description?: string }, at: number): Promise<boolean> {
  const sets = [
    ...(patch.name !== undefined ? [sql`name = ${patch.name}`] : []),
    ...(patch.description !== undefined ? [sql`description = ${patch.description}`] : []),
    sql`updated_at = ${at}`,
  ];
  return (await q.run(sql`UPDATE groups SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`)).changes > 0;
}

/** The deleted group's name, or undefined when there was none. */
export function deleteGroup(q: Queryable, id: number): Promise<{ name: string } | undefined> {
  return q.get<{ name: string }>(sql`DELETE FROM groups WHERE id = ${id} RETURNING name`);
}

export interface MemberRow {
  contactId: number;
  position: number;
  name: string;
  organisation: string;
  active: number;
  primaryNumber: string | null;
  sms: number;
}

export function memberRows(q: Queryable, groupId: number): Promise<MemberRow[]> {
  return q.all<MemberRow>(sql`
    SELECT m.contact_id AS "contactId", m.position, c.name, c.organisation, c.active,
      (SELECT e164 FROM phone_numbers p WHERE p.contact_id = m.contact_id ORDER BY p.priority, p.id LIMIT 1) AS "primaryNumber",
      CASE WHEN ${SMS_REACHABLE} THEN 1 ELSE 0 END AS sms
    FROM group_members m JOIN contacts c ON c.id = m.contact_id
    WHERE m.group_id = ${groupId} ORDER BY m.position, m.contact_id`);
}

/** Which of the ids are contacts. */
export async function existingContactIds(q: Queryable, ids: number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of await q.all<{ id: number }>(sql`SELECT id FROM contacts WHERE id IN ${inList(chunk)}`)) found.add(r.id);
  }
  return found;
}

export async function memberOrder(q: Queryable, groupId: number): Promise<number[]> {
  const rows = await q.all<{ id: number }>(sql`SELECT contact_id AS id FROM group_members WHERE group_id = ${groupId} ORDER BY position, contact_id`);
  return rows.map((r) => r.id);
}

/** Replaces the group's members with `ids`, in that order. */
export async function writeMemberOrder(q: Queryable, groupId: number, ids: number[]): Promise<void> {
  await q.run(sql`DELETE FROM group_members WHERE group_id = ${groupId}`);
  await insertMembers(q, ids.map((contactId, position) => ({ groupId, contactId, position })));
}

const MEMBER_BULK: BulkInsert = {
  table: 'group_members',
  columns: [['group_id', 'int'], ['contact_id', 'int'], ['position', 'int']],
  skipConflictOn: ['group_id', 'contact_id'],
};

/** Members at once (bulk-insert.ts); a contact already in the group stays where it is. */
export async function insertMembers(q: Queryable, rows: { groupId: number; contactId: number; position: number }[]): Promise<void> {
  await q.insertRows(
    MEMBER_BULK,
    rows.map((r) => [r.groupId, r.contactId, r.position]),
  );
}

export async function touchGroup(q: Queryable, groupId: number, at: number): Promise<void> {
  await q.run(sql`UPDATE groups SET updated_at = ${at} WHERE id = ${groupId}`);
}

/** The next free position in each group (0 for an empty one). */
export async function nextPositions(q: Queryable, groupIds: number[]): Promise<Map<number, number>> {
  const next = new Map<number, number>(groupIds.map((id) => [id, 0]));
  if (groupIds.length === 0) return next;
  // One index seek per group (group_members_position_idx), where MAX … GROUP BY reads every member.
  const rows = await q.all<{ groupId: number; p: number | null }>(sql`
    SELECT g.id AS "groupId",
      (SELECT m.position FROM group_members m WHERE m.group_id = g.id ORDER BY m.position DESC LIMIT 1) + 1 AS p
    FROM groups g WHERE g.id IN ${inList(groupIds)}`);
  for (const r of rows) if (r.p !== null) next.set(r.groupId, r.p);
  return next;
}
