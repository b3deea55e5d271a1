/** Exports the book (or one group) as CSV or vCard; every export is audited. */
import type { ParsedInput } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Queryable, Store } from '../db/store';
import { contactsForExport, membershipsForExport, numbersForExport } from './contacts-store';
import { writeContactsCsv } from './files/csv-write';
import type { ExportContact } from './files/types';
import { writeVcards } from './files/vcard-write';

export function exportContacts(store: Store, input: ParsedInput<'contacts.export'>, actor: Actor) {
  // Read and audit in one unit: the audit row describes exactly what was read.
  return store.unit(async (tx) => {
    const contacts = await readForExport(tx, input.groupId, input.includeInactive);
    const stamp = new Date().toISOString().slice(0, 10);
    const file =
      input.format === 'vcf'
        ? { fileName: `gdial-kontakter-${stamp}.vcf`, mimeType: 'text/vcard; charset=utf-8', content: writeVcards(contacts) }
        : {
            fileName: `gdial-kontakter-${stamp}${input.format === 'csv-excel' ? '-excel' : ''}.csv`,
            mimeType: 'text/csv; charset=utf-8',
            content: writeContactsCsv(contacts, { delimiter: input.format === 'csv-excel' ? ';' : ',' }),
          };
    await recordAudit(tx, actor, {
      action: 'contacts.export',
      target: input.groupId ? { type: 'group', id: input.groupId } : { type: 'contacts', id: 'all' },
      details: { format: input.format, count: contacts.length, includeInactive: input.includeInactive },
    });
    return { ...file, count: contacts.length };
  });
}

async function readForExport(q: Queryable, groupId: number | undefined, includeInactive: boolean): Promise<ExportContact[]> {
  const rows = await contactsForExport(q, groupId, includeInactive);
  const phones = new Map<number, ExportContact['phones']>();
  for (const n of await numbersForExport(q)) {
    const list = phones.get(n.contactId) ?? [];
    list.push({ e164: n.e164, label: n.label, kind: n.kind });
    phones.set(n.contactId, list);
  }
  const groups = new Map<number, string[]>();
  for (const m of await membershipsForExport(q)) {
    const list = groups.get(m.contactId) ?? [];
    list.push(m.name);
    groups.set(m.contactId, list);
  }
  return rows.map((r) => ({
    name: r.name,
    organisation: r.organisation,
    title: r.title,
    email: r.email,
    language: r.language,
    notes: r.notes,
    tags: JSON.parse(r.tags) as string[],
    groups: groups.get(r.id) ?? [],
    phones: phones.get(r.id) ?? [],
  }));
}
