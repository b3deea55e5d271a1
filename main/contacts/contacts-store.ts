/**
 * The address book's rows: contacts and their ordered numbers, the filtered list, search, the
 * owners of a number, tags, and what an export reads. Text is sorted and compared byte by byte
 * on both engines (`binaryText`): the sort key puts å ä ö after z with stand-ins that only a
 * binary compare keeps in place.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { NumberKind, ParsedInput } from '../contract';
import type { BulkInsert } from '../db/bulk-insert';
import { asciiLower, binaryText, jsonTextElements } from '../db/dialect-sql';
import { inList } from '../db/multi-row';
import { getOne, type Dialect, type Queryable } from '../db/store';
import { phoneQuery } from './phone-number';
import { LETTER_FOLDS, searchFold, SORT_KEY_STAND_INS, sortKeySearchFold } from './search-fold';

type ListQuery = ParsedInput<'contacts.list'>;

const like = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function replaced(expr: SQL, pairs: readonly (readonly [string, string])[]): SQL {
  return pairs.reduce((inner, [from, to]) => sql`replace(${inner}, ${from}, ${to})`, expr);
}

/** `c.sort_key` with å/ä/ö back as a/a/o: every diacritic folded, case folded (search-fold.ts). */
const foldedSortKey: SQL = replaced(sql`c.sort_key`, SORT_KEY_STAND_INS);

/** A text column lower-cased (ASCII, as SQLite does) with the Nordic and common accented letters folded. */
function foldedColumn(d: Dialect, column: SQL): SQL {
  return replaced(asciiLower(d, column), LETTER_FOLDS);
}

function whereOf(d: Dialect, q: ListQuery): SQL {
  const parts: SQL[] = [];
  if (!(q.includeInactive || q.flag === 'inactive')) parts.push(sql`c.active = 1`);
  if (q.flag === 'inactive') parts.push(sql`c.active = 0`);
  if (q.query) {
    const e164 = phoneQuery(q.query);
    const digits = q.query.replace(/\D/g, '').replace(/^0+/, '');
    // Case and diacritics do not matter: "oberg" finds Öberg (see search-fold.ts). Both sides
    // are folded to lower case first, so LIKE's case rules (SQLite: blind; PostgreSQL: not) never matter.
    const byKey = like(sortKeySearchFold(q.query));
    const folded = like(searchFold(q.query));
    const byText = sql`(${foldedSortKey} LIKE ${byKey} ESCAPE '\\' OR ${foldedColumn(d, sql`c.name`)} LIKE ${folded} ESCAPE '\\'
      OR ${foldedColumn(d, sql`c.organisation`)} LIKE ${folded} ESCAPE '\\' OR ${foldedColumn(d, sql`c.title`)} LIKE ${folded} ESCAPE '\\')`;
    if (e164) parts.push(sql`(${byText} OR c.id IN (SELECT contact_id FROM phone_numbers WHERE e164 = ${e164}))`);
    else if (digits.length >= 4 && /^[\d\s+\-()]+$/.test(q.query))
      parts.push(sql`(${byText} OR c.id IN (SELECT contact_id FROM phone_numbers WHERE e164 LIKE ${like(digits)}))`);
    else parts.push(byText);
  }
  if (q.groupId) parts.push(sql`c.id IN (SELECT contact_id FROM group_members WHERE group_id = ${q.groupId})`);
  if (q.tag) parts.push(sql`EXISTS (SELECT 1 FROM ${jsonTextElements(d, sql`c.tags`, 'je')} WHERE je.value = ${q.tag})`);
  if (q.kind) parts.push(sql`c.id IN (SELECT contact_id FROM phone_numbers WHERE kind = ${q.kind})`);
  if (q.flag === 'opted_out') parts.push(sql`c.id IN (SELECT contact_id FROM phone_numbers WHERE sms_opted_out = 1)`);
  if (q.flag === 'no_sms')
    parts.push(sql`c.id NOT IN (SELECT contact_id FROM phone_numbers WHERE sms_capable = 1 AND sms_opted_out = 0)`);
  if (q.flag === 'no_number') parts.push(sql`c.id NOT IN (SELECT contact_id FROM phone_numbers)`);
  return parts.length ? sql.join(parts, sql` AND `) : sql`1 = 1`;
}

export interface ListedContactRow {
  id: number;
  name: string;
  organisation: string;
  title: string;
  active: number;
  tags: string;
  groupCount: number;
}

export interface PageNumberRow {
  contactId: number;
  e164: string;
  kind: NumberKind;
  smsCapable: number;
  smsOptedOut: number;
}

export async function countContacts(q: Queryable, filter: ListQuery): Promise<number> {
  return (await getOne<{ n: number }>(q, sql`SELECT COUNT(*) AS n FROM contacts c WHERE ${whereOf(q.dialect, filter)}`, 'contact count')).n;
}

/** One page of the list in Swedish order (sort key, then id). */
export function contactPage(q: Queryable, filter: ListQuery): Promise<ListedContactRow[]> {
  return q.all<ListedContactRow>(sql`
    SELECT c.id, c.name, c.organisation, c.title, c.active, c.tags,
      (SELECT COUNT(*) FROM group_members g WHERE g.contact_id = c.id) AS "groupCount"
    FROM contacts c WHERE ${whereOf(q.dialect, filter)}
    ORDER BY ${binaryText(q.dialect, sql`c.sort_key`)}, c.id
    LIMIT ${filter.limit} OFFSET ${filter.offset}`);
}

/** The numbers of the given contacts, each contact's in call order. */
export async function numbersOfContacts(q: Queryable, contactIds: number[]): Promise<PageNumberRow[]> {
  if (contactIds.length === 0) return [];
  return q.all<PageNumberRow>(sql`
    SELECT contact_id AS "contactId", e164, kind, sms_capable AS "smsCapable", sms_opted_out AS "smsOptedOut"
    FROM phone_numbers WHERE contact_id IN ${inList(contactIds)} ORDER BY contact_id, priority, id`);
}

export interface ContactRecordRow {
  id: number;
  name: string;
  organisation: string;
  title: string;
  email: string;
  language: 'sv' | 'en';
  notes: string;
  tags: string;
  active: number;
  externalId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NumberRecordRow {
  id: number;
  e164: string;
  raw: string;
  kind: NumberKind;
  label: string;
  priority: number;
  voiceCapable: number;
  smsCapable: number;
  smsOptedOut: number;
}

export function contactRecord(q: Queryable, id: number): Promise<ContactRecordRow | undefined> {
  return q.get<ContactRecordRow>(sql`
    SELECT id, name, organisation, title, email, language, notes, tags, active, external_id AS "externalId",
      created_at AS "createdAt", updated_at AS "updatedAt"
    FROM contacts WHERE id = ${id}`);
}

export function numbersOfContact(q: Queryable, contactId: number): Promise<NumberRecordRow[]> {
  return q.all<NumberRecordRow>(sql`
    SELECT id, e164, raw, kind, label, priority, voice_capable AS "voiceCapable", sms_capable AS "smsCapable",
      sms_opted_out AS "smsOptedOut"
    FROM phone_numbers WHERE contact_id = ${contactId} ORDER BY priority, id`);
}

export function groupsOfContact(q: Queryable, contactId: number): Promise<{ id: number; name: string }[]> {
  return q.all<{ id: number; name: string }>(sql`
    SELECT g.id, g.name FROM groups g JOIN group_members m ON m.group_id = g.id
    WHERE m.contact_id = ${contactId} ORDER BY ${binaryText(q.dialect, sql`g.name`)}, g.id`);
}

/** Every tag in use, in byte order. */
export async function distinctTags(q: Queryable): Promise<string[]> {
  const rows = await q.all<{ tag: string }>(sql`
    SELECT je.value AS tag FROM contacts c, ${jsonTextElements(q.dialect, sql`c.tags`, 'je')}
    GROUP BY je.value ORDER BY ${binaryText(q.dialect, sql`je.value`)}`);
  return rows.map((r) => r.tag);
}

/** Up to `limit` other contacts that have the number, in Swedish order. */
export function numberOwners(q: Queryable, e164: string, exceptContactId: number, limit: number): Promise<{ id: number; name: string }[]> {
  return q.all<{ id: number; name: string }>(sql`
    SELECT c.id, c.name FROM contacts c
    WHERE c.id <> ${exceptContactId} AND c.id IN (SELECT contact_id FROM phone_numbers WHERE e164 = ${e164})
    ORDER BY ${binaryText(q.dialect, sql`c.sort_key`)}, c.id LIMIT ${limit}`);
}

// --- writes -------------------------------------------------------------------------------

export interface NewContact {
  name: string;
  sortKey: string;
  organisation: string;
  title: string;
  email: string;
  language: 'sv' | 'en';
  notes: string;
  /** JSON array text. */
  tags: string;
  externalId: string | null;
  at: number;
}

const contactValues = (c: NewContact) => [c.name, c.sortKey, c.organisation, c.title, c.email, c.language, c.notes, c.tags, c.externalId, c.at, c.at];
const CONTACT_BULK: BulkInsert = {
  table: 'contacts',
  columns: [
    ['name', 'text'], ['sort_key', 'text'], ['organisation', 'text'], ['title', 'text'], ['email', 'text'], ['language', 'text'],
    ['notes', 'text'], ['tags', 'text'], ['external_id', 'text'], ['created_at', 'int'], ['updated_at', 'int'],
  ],
  returnIds: true,
};

export async function insertContact(q: Queryable, c: NewContact): Promise<number> {
  const [id] = await insertContacts(q, [c]);
  return id!;
}

/** Many contacts at once (bulk-insert.ts); their ids in the order given. */
export function insertContacts(q: Queryable, rows: NewContact[]): Promise<number[]> {
  return q.insertRows(CONTACT_BULK, rows.map(contactValues));
}

/** The columns an edit may change, by their contract names. */
const EDITABLE: Record<string, string> = {
  name: 'name',
  sortKey: 'sort_key',
  organisation: 'organisation',
  title: 'title',
  email: 'email',
  language: 'language',
  notes: 'notes',
  tags: 'tags',
};

export type ContactPatch = Partial<Record<'name' | 'sortKey' | 'organisation' | 'title' | 'email' | 'language' | 'notes' | 'tags', string>>;

/** Sets the given fields (unknown keys are refused) and updated_at. */
export async function updateContact(q: Queryable, id: number, patch: ContactPatch, at: number): Promise<void> {
  const sets = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const column = EDITABLE[key];
      if (!column) throw new Error(`contacts: ${key} is not an editable column`);
      return sql`${sql.raw(column)} = ${value}`;
    });
  await q.run(sql`UPDATE contacts SET ${sql.join([...sets, sql`updated_at = ${at}`], sql`, `)} WHERE id = ${id}`);
}

export function contactUpdatedAt(q: Queryable, id: number): Promise<{ updatedAt: number } | undefined> {
  return q.get<{ updatedAt: number }>(sql`SELECT updated_at AS "updatedAt" FROM contacts WHERE id = ${id}`);
}

/** The contact's name, or undefined when there is no such contact. */
export function setContactActive(q: Queryable, id: number, active: boolean, at: number): Promise<{ name: string } | undefined> {
  return q.get<{ name: string }>(sql`UPDATE contacts SET active = ${active ? 1 : 0}, updated_at = ${at} WHERE id = ${id} RETURNING name`);
}

export interface KeptNumberRow {
  e164: string;
  smsOptedOut: number;
  smsOptedOutAt: number | null;
  createdAt: number;
}

export function numbersToKeep(q: Queryable, contactId: number): Promise<KeptNumberRow[]> {
  return q.all<KeptNumberRow>(sql`
    SELECT e164, sms_opted_out AS "smsOptedOut", sms_opted_out_at AS "smsOptedOutAt", created_at AS "createdAt"
    FROM phone_numbers WHERE contact_id = ${contactId}`);
}

export async function deleteNumbers(q: Queryable, contactId: number): Promise<void> {
  await q.run(sql`DELETE FROM phone_numbers WHERE contact_id = ${contactId}`);
}

export interface NewNumber {
  contactId: number;
  e164: string;
  raw: string;
  kind: NumberKind;
  label: string;
  priority: number;
  voiceCapable: boolean;
  smsCapable: boolean;
  smsOptedOut: boolean;
  smsOptedOutAt: number | null;
  createdAt: number;
  updatedAt: number;
}

const NUMBER_BULK: BulkInsert = {
  table: 'phone_numbers',
  columns: [
    ['contact_id', 'int'], ['e164', 'text'], ['raw', 'text'], ['kind', 'text'], ['label', 'text'], ['priority', 'int'], ['voice_capable', 'int'],
    ['sms_capable', 'int'], ['sms_opted_out', 'int'], ['sms_opted_out_at', 'int'], ['created_at', 'int'], ['updated_at', 'int'],
  ],
  skipConflictOn: ['contact_id', 'e164'],
};

/**
 * Numbers at once (bulk-insert.ts). A number the contact already has is left as it is (the
 * import checks the book per batch, but someone may have given the contact the number meanwhile).
 */
export async function insertNumbers(q: Queryable, rows: NewNumber[]): Promise<void> {
  await q.insertRows(
    NUMBER_BULK,
    rows.map((n) => [
      n.contactId, n.e164, n.raw, n.kind, n.label, n.priority, n.voiceCapable ? 1 : 0, n.smsCapable ? 1 : 0,
      n.smsOptedOut ? 1 : 0, n.smsOptedOutAt, n.createdAt, n.updatedAt,
    ]),
  );
}

// --- export -------------------------------------------------------------------------------

export type ExportContactRow = Pick<ContactRecordRow, 'id' | 'name' | 'organisation' | 'title' | 'email' | 'language' | 'notes' | 'tags'>;

export function contactsForExport(q: Queryable, groupId: number | undefined, includeInactive: boolean): Promise<ExportContactRow[]> {
  const filter = sql.join(
    [
      includeInactive ? sql`1 = 1` : sql`c.active = 1`,
      groupId ? sql`c.id IN (SELECT contact_id FROM group_members WHERE group_id = ${groupId})` : sql`1 = 1`,
    ],
    sql` AND `,
  );
  return q.all<ExportContactRow>(sql`
    SELECT id, name, organisation, title, email, language, notes, tags FROM contacts c WHERE ${filter}
    ORDER BY ${binaryText(q.dialect, sql`c.sort_key`)}, c.id`);
}

export function numbersForExport(q: Queryable): Promise<{ contactId: number; e164: string; label: string; kind: NumberKind }[]> {
  return q.all(sql`SELECT contact_id AS "contactId", e164, label, kind FROM phone_numbers ORDER BY contact_id, priority, id`);
}

export function membershipsForExport(q: Queryable): Promise<{ contactId: number; name: string }[]> {
  return q.all(sql`
    SELECT m.contact_id AS "contactId", g.name FROM group_members m JOIN groups g ON g.id = m.group_id
    ORDER BY ${binaryText(q.dialect, sql`g.name`)}, g.id`);
}
