/** Exports the book (or one group) as CSV or vCard; every export is audited. */
import { sql } from 'drizzle-orm';
import type { ParsedInput } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { inTransaction } from '../db/tx';
import { writeContactsCsv } from './files/csv-write';
import type { ExportContact } from './files/types';
import { writeVcards } from './files/vcard-write';

export function exportContacts(db: Db, input: ParsedInput<'contacts.export'>, actor: Actor) {
  // Read and audit in one transaction: the audit row describes exactly what was read.
  return inTransaction(db, () => {
    const contacts = readForExport(db, input.groupId, input.includeInactive);
    const stamp = new Date().toISOString().slice(0, 10);
    const file =
      input.format === 'vcf'
        ? { fileName: `gdial-kontakter-${stamp}.vcf`, mimeType: 'text/vcard; charset=utf-8', content: writeVcards(contacts) }
        : {
            fileName: `gdial-kontakter-${stamp}${input.format === 'csv-excel' ? '-excel' : ''}.csv`,
            mimeType: 'text/csv; charset=utf-8',
            content: writeContactsCsv(contacts, { delimiter: input.format === 'csv-excel' ? ';' : ',' }),
          };
    appendAudit(db, actor, {
      action: 'contacts.export',
      target: input.groupId ? { type: 'group', id: input.groupId } : { type: 'contacts', id: 'all' },
      details: { format: input.format, count: contacts.length, includeInactive: input.includeInactive },
    });
    return { ...file, count: contacts.length };
  });
}

function readForExport(db: Db, groupId: number | undefined, includeInactive: boolean): ExportContact[] {
  const filter = sql.join(
    [
      includeInactive ? sql`1 = 1` : sql`c.active = 1`,
      groupId ? sql`c.id IN (SELECT contact_id FROM group_members WHERE group_id = ${groupId})` : sql`1 = 1`,
    ],
    sql` AND `,
  );
  const rows = db.all<{ id: number; name: string; organisation: string; title: string; email: string; language: 'sv' | 'en'; notes: string; tags: string }>(
    sql`SELECT id, name, organisation, title, email, language, notes, tags FROM contacts c WHERE ${filter} ORDER BY c.sort_key, c.id`,
  );
  const phones = new Map<number, ExportContact['phones']>();
  for (const n of db.all<{ contact_id: number; e164: string; label: string; kind: ExportContact['phones'][number]['kind'] }>(
    sql`SELECT contact_id, e164, label, kind FROM phone_numbers ORDER BY contact_id, priority`,
  )) {
    const list = phones.get(n.contact_id) ?? [];
    list.push({ e164: n.e164, label: n.label, kind: n.kind });
    phones.set(n.contact_id, list);
  }
  const groups = new Map<number, string[]>();
  for (const m of db.all<{ contact_id: number; name: string }>(
    sql`SELECT m.contact_id, g.name FROM group_members m JOIN groups g ON g.id = m.group_id ORDER BY g.name`,
  )) {
    const list = groups.get(m.contact_id) ?? [];
    list.push(m.name);
    groups.set(m.contact_id, list);
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
