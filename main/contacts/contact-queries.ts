/** Reading the address book: the paged, filtered list behind a 100,000-row table, and one contact. */
import type { Contact, ContactRow, NumberKind, ParsedInput } from '../contract';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import { notFound } from '../errors';
import { contactPage, contactRecord, countContacts, groupsOfContact, numbersOfContact, numbersOfContacts, type PageNumberRow } from './contacts-store';

export { distinctTags } from './contacts-store';

type Query = ParsedInput<'contacts.list'>;

/** What the list shows of a contact's numbers: the first to be called, how many, which kinds, SMS. */
function numberSummary(numbers: PageNumberRow[]) {
  const kinds: NumberKind[] = [];
  for (const n of numbers) if (!kinds.includes(n.kind)) kinds.push(n.kind);
  return {
    primaryNumber: numbers[0]?.e164 ?? null,
    numberCount: numbers.length,
    kinds,
    smsCapable: numbers.some((n) => n.smsCapable === 1 && n.smsOptedOut === 0),
    smsOptedOut: numbers.some((n) => n.smsOptedOut === 1),
  };
}

export async function listContacts(q: Queryable, query: Query): Promise<{ total: number; offset: number; rows: ContactRow[] }> {
  const total = await countContacts(q, query);
  const page = await contactPage(q, query);
  const numbers = new Map<number, PageNumberRow[]>();
  for (const n of await numbersOfContacts(q, page.map((r) => r.id))) {
    const list = numbers.get(n.contactId) ?? [];
    list.push(n);
    numbers.set(n.contactId, list);
  }
  return {
    total,
    offset: query.offset,
    rows: page.map((r) => ({
      id: r.id,
      name: r.name,
      organisation: r.organisation,
      title: r.title,
      active: r.active === 1,
      tags: JSON.parse(r.tags) as string[],
      ...numberSummary(numbers.get(r.id) ?? []),
      groupCount: r.groupCount,
    })),
  };
}

export async function getContact(q: Queryable, id: number): Promise<Contact> {
  const c = await contactRecord(q, id);
  if (!c) throw notFound('contact', id);
  const numbers = await numbersOfContact(q, id);
  const groups = await groupsOfContact(q, id);
  return {
    id: c.id,
    name: c.name,
    organisation: c.organisation,
    title: c.title,
    email: c.email,
    language: c.language,
    notes: c.notes,
    tags: JSON.parse(c.tags) as string[],
    active: c.active === 1,
    externalId: c.externalId ?? null,
    numbers: numbers.map((n) => ({
      id: n.id,
      e164: n.e164,
      raw: n.raw,
      kind: n.kind,
      label: n.label,
      priority: n.priority,
      voiceCapable: n.voiceCapable === 1,
      smsCapable: n.smsCapable === 1,
      smsOptedOut: n.smsOptedOut === 1,
    })),
    groups,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}
