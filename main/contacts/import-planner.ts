/**
 * Decides, row by row, what an import would do: new, update, duplicate, invalid or conflict.
 * Normalising numbers is the slow part and is done once, in chunks that let progress through;
 * matching against the book is fast and is redone inside the commit's transaction, so a book
 * that changed since the preview is never overwritten blindly.
 */
import type { ImportStatus } from '../contract';
import type { Reason } from '../contract';
import type { Queryable } from '../db/store';
import { inCallOrder } from './call-order';
import type { ImportRecord } from './files/types';
import { importReason } from './import-reasons';
import { allNumberOwners, bookContacts, bookMemberships } from './import-store';
import { normalizePhone, type NumberKind } from './phone-number';
import { swedishSortKey } from './sort-key';

export interface PreparedNumber {
  e164: string;
  raw: string;
  label: string;
  kind: NumberKind;
  smsCapable: boolean;
}

export interface PreparedRecord {
  record: ImportRecord;
  numbers: PreparedNumber[];
  /** Set when the row cannot be imported whatever the book holds. */
  invalid: Reason[] | null;
}

export interface PlannedRow {
  prepared: PreparedRecord;
  status: ImportStatus;
  /** Why it is skipped, or what an update changes (import-reasons.ts); empty for a plain new row. */
  reasons: Reason[];
  contactId: number | null;
  /** For updates: numbers the contact does not have yet, and fields to fill in. */
  addNumbers: PreparedNumber[];
  fieldChanges: Partial<Record<'organisation' | 'title' | 'email' | 'notes', string>>;
  addTags: string[];
  /** Groups the contact joins (by name; created at commit when missing). */
  joinGroups: string[];
}

const CHUNK = 5000;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function prepareRecords(records: ImportRecord[], onProgress: (done: number) => void): Promise<PreparedRecord[]> {
  const out: PreparedRecord[] = [];
  for (let i = 0; i < records.length; i++) {
    out.push(prepareOne(records[i]!));
    if ((i + 1) % CHUNK === 0) {
      onProgress(i + 1);
      await tick();
    }
  }
  onProgress(records.length);
  return out;
}

function prepareOne(record: ImportRecord): PreparedRecord {
  if (!record.name.trim()) return { record, numbers: [], invalid: [importReason('no_name')] };
  if (record.phones.length === 0) return { record, numbers: [], invalid: [importReason('no_number')] };
  const problems: Reason[] = [];
  const numbers: PreparedNumber[] = [];
  // Mobile, then work, then home: by each number's meaning, not its column's place (call-order.ts).
  for (const phone of inCallOrder(record.phones)) {
    const r = normalizePhone(phone.raw);
    if (!r.ok) problems.push(importReason('bad_number', { number: phone.raw, problem: r.problem }));
    else if (!numbers.some((n) => n.e164 === r.e164))
      numbers.push({ e164: r.e164, raw: phone.raw, label: phone.label, kind: r.kind, smsCapable: r.smsCapable });
  }
  return { record, numbers, invalid: problems.length ? problems : null };
}

interface BookContact {
  id: number;
  name: string;
  organisation: string;
  title: string;
  email: string;
  notes: string;
  tags: string[];
  numbers: Set<string>;
  /** Lower-cased names of the groups the contact is in. */
  groups: Set<string>;
}

/** The part of the book an import can touch: contacts owning any number in the file. */
async function loadBook(q: Queryable, prepared: PreparedRecord[]): Promise<{ owner: Map<string, number>; contacts: Map<number, BookContact> }> {
  const wanted = new Set(prepared.flatMap((p) => p.numbers.map((n) => n.e164)));
  const owner = new Map<string, number>();
  for (const row of await allNumberOwners(q)) {
    if (wanted.has(row.e164) && !owner.has(row.e164)) owner.set(row.e164, row.contactId);
  }
  const contacts = new Map<number, BookContact>();
  const ids = [...new Set(owner.values())];
  for (const r of await bookContacts(q, ids)) contacts.set(r.id, { ...r, tags: JSON.parse(r.tags) as string[], numbers: new Set(), groups: new Set() });
  for (const m of await bookMemberships(q, ids)) contacts.get(m.contactId)?.groups.add(m.name.toLocaleLowerCase('sv'));
  for (const [e164, id] of owner) contacts.get(id)?.numbers.add(e164);
  return { owner, contacts };
}

const samePerson = (a: string, b: string) => swedishSortKey(a) === swedishSortKey(b);

function groupsOf(record: ImportRecord, targetGroup: string | undefined): string[] {
  const names = targetGroup ? [...record.groups, targetGroup] : record.groups;
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = n.toLocaleLowerCase('sv');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function matchAgainstBook(q: Queryable, prepared: PreparedRecord[], targetGroup?: string): Promise<PlannedRow[]> {
  const { owner, contacts } = await loadBook(q, prepared);
  // Numbers claimed by earlier rows of this file, and by whom.
  const claimed = new Map<string, { line: number; name: string }>();
  return prepared.map((p) => {
    const joinGroups = groupsOf(p.record, targetGroup);
    const base: PlannedRow = { prepared: p, status: 'new', reasons: [], contactId: null, addNumbers: [], fieldChanges: {}, addTags: [], joinGroups };
    if (p.invalid) return { ...base, status: 'invalid', reasons: p.invalid };
    const { record } = p;

    for (const n of p.numbers) {
      const earlier = claimed.get(n.e164);
      if (!earlier) continue;
      return samePerson(earlier.name, record.name)
        ? { ...base, status: 'duplicate', reasons: [importReason('same_person_as_line', { line: earlier.line })] }
        : { ...base, status: 'conflict', reasons: [importReason('number_on_line', { number: n.e164, line: earlier.line, name: earlier.name })] };
    }
    for (const n of p.numbers) claimed.set(n.e164, { line: record.line, name: record.name });

    const owners = [...new Set(p.numbers.map((n) => owner.get(n.e164)).filter((id): id is number => id !== undefined))];
    if (owners.length === 0) return base;
    const names = owners.map((id) => contacts.get(id)?.name ?? `#${id}`);
    if (owners.length > 1) return { ...base, status: 'conflict', reasons: [importReason('numbers_of_several', { names: names.join(', ') })] };
    const existing = contacts.get(owners[0]!)!;
    if (!samePerson(existing.name, record.name)) {
      return { ...base, status: 'conflict', contactId: existing.id, reasons: [importReason('number_belongs_to', { name: existing.name })] };
    }
    const addNumbers = p.numbers.filter((n) => !existing.numbers.has(n.e164));
    const fieldChanges: PlannedRow['fieldChanges'] = {};
    for (const field of ['organisation', 'title', 'email', 'notes'] as const) {
      const value = record[field].trim();
      if (value && value !== existing[field]) fieldChanges[field] = value;
    }
    const addTags = record.tags.filter((t) => !existing.tags.includes(t));
    const newGroups = joinGroups.filter((g) => !existing.groups.has(g.toLocaleLowerCase('sv')));
    const changes = [
      ...addNumbers.map((n) => importReason('new_number', { number: n.e164 })),
      ...Object.entries(fieldChanges).map(([field, value]) => importReason('field_change', { field, value })),
      ...(addTags.length ? [importReason('new_tags', { tags: addTags.join(', ') })] : []),
      ...(newGroups.length ? [importReason('new_groups', { groups: newGroups.join(', ') })] : []),
    ];
    if (changes.length === 0) return { ...base, status: 'duplicate', contactId: existing.id, reasons: [importReason('already_in_book')] };
    return {
      ...base,
      status: 'update',
      contactId: existing.id,
      reasons: changes,
      addNumbers,
      fieldChanges,
      addTags,
      joinGroups: newGroups,
    };
  });
}
