/** Reading the address book: the paged, filtered list behind a 100,000-row table, and one contact. */
import { sql, type SQL } from 'drizzle-orm';
import type { Contact, ContactRow, NumberKind, ParsedInput } from '../contract';
import type { Db } from '../db/open';
import { iso } from '../db/tx';
import { notFound } from '../errors';
import { phoneQuery } from './phone-number';
import { foldedColumn, foldedSortKey, searchFold, sortKeySearchFold } from './search-fold';

type Query = ParsedInput<'contacts.list'>;

const like = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function whereOf(q: Query): SQL {
  const parts: SQL[] = [];
  if (!(q.includeInactive || q.flag === 'inactive')) parts.push(sql`c.active = 1`);
  if (q.flag === 'inactive') parts.push(sql`c.active = 0`);
  if (q.query) {
    const e164 = phoneQuery(q.query);
    const digits = q.query.replace(/\D/g, '').replace(/^0+/, '');
    // Case and diacritics do not matter: "oberg" finds Öberg (see search-fold.ts).
    const byKey = like(sortKeySearchFold(q.query));
    const folded = like(searchFold(q.query));
    const byText = sql`(${foldedSortKey} LIKE ${byKey} ESCAPE '\\' OR ${foldedColumn(sql`c.name`)} LIKE ${folded} ESCAPE '\\'
      OR ${foldedColumn(sql`c.organisation`)} LIKE ${folded} ESCAPE '\\' OR ${foldedColumn(sql`c.title`)} LIKE ${folded} ESCAPE '\\')`;
    if (e164) parts.push(sql`(${byText} OR c.id IN (SELECT contact_id FROM phone_numbers WHERE e164 = ${e164}))`);
    else if (digits.length >= 4 && /^[\d\s+\-()]+$/.test(q.query))
      parts.push(sql`(${byText} OR c.id IN (SELECT contact_id FROM phone_numbers WHERE e164 LIKE ${like(digits)}))`);
    else parts.push(byText);
  }
  if (q.groupId) parts.push(sql`c.id IN (SELECT contact_id FROM group_members WHERE group_id = ${q.groupId})`);
  if (q.tag) parts.push(sql`EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = ${q.tag})`);
  if (q.kind) parts.push(sql`c.id IN (SELECT contact_id FROM phone_numbers WHERE kind = ${q.kind})`);
  if (q.flag === 'opted_out') parts.push(sql`c.id IN (SELECT contact_id FROM phone_numbers WHERE sms_opted_out = 1)`);
  if (q.flag === 'no_sms')
    parts.push(sql`c.id NOT IN (SELECT contact_id FROM phone_numbers WHERE sms_capable = 1 AND sms_opted_out = 0)`);
  if (q.flag === 'no_number') parts.push(sql`c.id NOT IN (SELECT contact_id FROM phone_numbers)`);
  return parts.length ? sql.join(parts, sql` AND `) : sql`1 = 1`;
}

interface RawRow {
  id: number;
  name: string;
  organisation: string;
  title: string;
  active: number;
  tags: string;
  primary_number: string | null;
  number_count: number;
  kinds: string | null;
  sms_capable: number;
  sms_opted_out: number;
  group_count: number;
}

export function listContacts(db: Db, q: Query): { total: number; offset: number; rows: ContactRow[] } {
  const where = whereOf(q);
  const total = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM contacts c WHERE ${where}`).n;
  const raw = db.all<RawRow>(sql`
    SELECT c.id, c.name, c.organisation, c.title, c.active, c.tags,
      (SELECT e164 FROM phone_numbers p WHERE p.contact_id = c.id ORDER BY p.priority LIMIT 1) AS primary_number,
      (SELECT COUNT(*) FROM phone_numbers p WHERE p.contact_id = c.id) AS number_count,
      (SELECT group_concat(DISTINCT kind) FROM phone_numbers p WHERE p.contact_id = c.id) AS kinds,
      EXISTS (SELECT 1 FROM phone_numbers p WHERE p.contact_id = c.id AND p.sms_capable = 1 AND p.sms_opted_out = 0) AS sms_capable,
      EXISTS (SELECT 1 FROM phone_numbers p WHERE p.contact_id = c.id AND p.sms_opted_out = 1) AS sms_opted_out,
      (SELECT COUNT(*) FROM group_members g WHERE g.contact_id = c.id) AS group_count
    FROM contacts c WHERE ${where}
    ORDER BY c.sort_key, c.id
    LIMIT ${q.limit} OFFSET ${q.offset}`);
  return {
    total,
    offset: q.offset,
    rows: raw.map((r) => ({
      id: r.id,
      name: r.name,
      organisation: r.organisation,
      title: r.title,
      active: r.active === 1,
      tags: JSON.parse(r.tags) as string[],
      primaryNumber: r.primary_number,
      numberCount: r.number_count,
      kinds: (r.kinds ? r.kinds.split(',') : []) as NumberKind[],
      smsCapable: r.sms_capable === 1,
      smsOptedOut: r.sms_opted_out === 1,
      groupCount: r.group_count,
    })),
  };
}

export function getContact(db: Db, id: number): Contact {
  const c = db.get<Record<string, unknown> | undefined>(sql`SELECT * FROM contacts WHERE id = ${id}`);
  if (!c) throw notFound('contact', id);
  const numbers = db.all<Record<string, unknown>>(sql`SELECT * FROM phone_numbers WHERE contact_id = ${id} ORDER BY priority`);
  const groups = db.all<{ id: number; name: string }>(
    sql`SELECT g.id, g.name FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.contact_id = ${id} ORDER BY g.name`,
  );
  return {
    id: c.id as number,
    name: c.name as string,
    organisation: c.organisation as string,
    title: c.title as string,
    email: c.email as string,
    language: c.language as Contact['language'],
    notes: c.notes as string,
    tags: JSON.parse(c.tags as string) as string[],
    active: c.active === 1,
    externalId: (c.external_id as string | null) ?? null,
    numbers: numbers.map((n) => ({
      id: n.id as number,
      e164: n.e164 as string,
      raw: n.raw as string,
      kind: n.kind as NumberKind,
      label: n.label as string,
      priority: n.priority as number,
      voiceCapable: n.voice_capable === 1,
      smsCapable: n.sms_capable === 1,
      smsOptedOut: n.sms_opted_out === 1,
    })),
    groups,
    createdAt: iso(c.created_at as number),
    updatedAt: iso(c.updated_at as number),
  };
}

export function distinctTags(db: Db): string[] {
  return db
    .all<{ tag: string }>(sql`SELECT DISTINCT json_each.value AS tag FROM contacts, json_each(contacts.tags) ORDER BY tag`)
    .map((r) => r.tag);
}
