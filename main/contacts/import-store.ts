/**
 * What an import reads of the book and writes in bulk. The writes themselves are the book's
 * (contacts-store.ts: contacts, numbers; groups-store.ts: members); here are the reads the
 * planner and each write batch check rows against.
 */
import { sql } from 'drizzle-orm';
import { jsonTextElements } from '../db/dialect-sql';
import { inList } from '../db/multi-row';
import type { Queryable } from '../db/store';

/** Ids per IN list: well under both engines' parameter limits. */
const IN_CHUNK = 500;

async function inChunks<T>(ids: readonly (number | string)[], read: (chunk: (number | string)[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await read(ids.slice(i, i + IN_CHUNK))));
  return out;
}

/** Every number in the book with its contact, lowest contact first (the planner keeps the first owner). */
export function allNumberOwners(q: Queryable): Promise<{ e164: string; contactId: number }[]> {
  return q.all(sql`SELECT e164, contact_id AS "contactId" FROM phone_numbers ORDER BY contact_id, e164`);
}

export interface BookContactRow {
  id: number;
  name: string;
  organisation: string;
  title: string;
  email: string;
  notes: string;
  tags: string;
}

export function bookContacts(q: Queryable, ids: number[]): Promise<BookContactRow[]> {
  return inChunks(ids, (chunk) =>
    q.all<BookContactRow>(sql`SELECT id, name, organisation, title, email, notes, tags FROM contacts WHERE id IN ${inList(chunk)}`),
  );
}

/** The names of the groups each contact is in. */
export function bookMemberships(q: Queryable, ids: number[]): Promise<{ contactId: number; name: string }[]> {
  return inChunks(ids, (chunk) =>
    q.all<{ contactId: number; name: string }>(sql`
      SELECT m.contact_id AS "contactId", g.name FROM group_members m JOIN groups g ON g.id = m.group_id
      WHERE m.contact_id IN ${inList(chunk)}`),
  );
}

/** The owners of each of the numbers, as the book is now. */
export async function ownersOfNumbers(q: Queryable, e164s: string[]): Promise<Map<string, number[]>> {
  const owners = new Map<string, number[]>();
  if (e164s.length === 0) return owners;
  // The numbers as one bound JSON text: a batch checks thousands, and one value binds fastest.
  const wanted = jsonTextElements(q.dialect, sql`${JSON.stringify(e164s)}`, 'w');
  const rows = await q.all<{ e164: string; contactId: number }>(sql`
    SELECT e164, contact_id AS "contactId" FROM phone_numbers WHERE e164 IN (SELECT w.value FROM ${wanted})`);
  for (const r of rows) owners.set(r.e164, [...(owners.get(r.e164) ?? []), r.contactId]);
  return owners;
}

/** The tags (JSON text) of those of the contacts that still exist. */
export async function tagsOfContacts(q: Queryable, ids: number[]): Promise<Map<number, string>> {
  const rows = await inChunks(ids, (chunk) => q.all<{ id: number; tags: string }>(sql`SELECT id, tags FROM contacts WHERE id IN ${inList(chunk)}`));
  return new Map(rows.map((r) => [r.id, r.tags]));
}

/** The next free number priority of each contact (0 when it has none). */
export async function nextPriorities(q: Queryable, ids: number[]): Promise<Map<number, number>> {
  const next = new Map<number, number>(ids.map((id) => [id, 0]));
  const rows = await inChunks(ids, (chunk) =>
    q.all<{ contactId: number; p: number }>(sql`
      SELECT contact_id AS "contactId", MAX(priority) + 1 AS p FROM phone_numbers WHERE contact_id IN ${inList(chunk)} GROUP BY contact_id`),
  );
  for (const r of rows) next.set(r.contactId, r.p);
  return next;
}

/** Which (group, contact) memberships of these contacts exist, as `group:contact` keys. */
export async function membershipKeys(q: Queryable, contactIds: number[]): Promise<Set<string>> {
  const rows = await inChunks(contactIds, (chunk) =>
    q.all<{ groupId: number; contactId: number }>(sql`
      SELECT group_id AS "groupId", contact_id AS "contactId" FROM group_members WHERE contact_id IN ${inList(chunk)}`),
  );
  return new Set(rows.map((r) => `${r.groupId}:${r.contactId}`));
}
