/**
 * Writes a planned import in one transaction: every valid row or none. Prepared statements,
 * not the query builder, because 100,000 rows must go in within seconds.
 */
import type { ImportResult, ImportTotals } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { inTransaction, now } from '../db/tx';
import type { GroupsService } from './groups-service';
import type { PlannedRow } from './import-planner';
import { swedishSortKey } from './sort-key';

export function totalsOf(rows: PlannedRow[]): ImportTotals {
  const totals: ImportTotals = { rows: rows.length, new: 0, update: 0, duplicate: 0, invalid: 0, conflict: 0 };
  for (const r of rows) totals[r.status]++;
  return totals;
}

export function writeImport(
  db: Db,
  groups: GroupsService,
  plan: () => PlannedRow[],
  meta: { fileName: string; actor: Actor },
): ImportResult {
  const sqlite = db.$client;
  const insertContact = sqlite.prepare(
    `INSERT INTO contacts (name, sort_key, organisation, title, email, language, notes, tags, external_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertNumber = sqlite.prepare(
    `INSERT INTO phone_numbers (contact_id, e164, raw, kind, label, priority, voice_capable, sms_capable, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  const nextPriority = sqlite.prepare('SELECT COALESCE(MAX(priority) + 1, 0) AS p FROM phone_numbers WHERE contact_id = ?');
  const nextPosition = sqlite.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS p FROM group_members WHERE group_id = ?');
  const join = sqlite.prepare('INSERT OR IGNORE INTO group_members (group_id, contact_id, position) VALUES (?, ?, ?)');
  const contactById = sqlite.prepare('SELECT tags FROM contacts WHERE id = ?');

  return inTransaction(db, () => {
    // Matching happens here, inside the write lock: the book cannot change under the plan.
    const rows = plan();
    const at = now();
    const groupIds = new Map<string, number>();
    const positions = new Map<number, number>();
    const groupsCreated: string[] = [];
    const groupId = (name: string) => {
      const key = name.toLocaleLowerCase('sv');
      let id = groupIds.get(key);
      if (id === undefined) {
        const ensured = groups.ensure(name, at);
        if (ensured.created) groupsCreated.push(name);
        id = ensured.id;
        groupIds.set(key, id);
      }
      return id;
    };
    const joinGroups = (contactId: number, names: string[]) => {
      for (const name of names) {
        const gid = groupId(name);
        const position = positions.get(gid) ?? (nextPosition.get(gid) as { p: number }).p;
        if (join.run(gid, contactId, position).changes > 0) positions.set(gid, position + 1);
      }
    };

    let created = 0;
    let updated = 0;
    for (const row of rows) {
      const { record, numbers } = row.prepared;
      if (row.status === 'new') {
        const id = Number(
          insertContact.run(
            record.name.trim(),
            swedishSortKey(record.name),
            record.organisation.trim(),
            record.title.trim(),
            record.email.trim(),
            record.language ?? 'sv',
            record.notes.trim(),
            JSON.stringify(record.tags),
            record.externalId ?? null,
            at,
            at,
          ).lastInsertRowid,
        );
        numbers.forEach((n, i) => insertNumber.run(id, n.e164, n.raw, n.kind, n.label, i, n.smsCapable ? 1 : 0, at, at));
        joinGroups(id, row.joinGroups);
        created++;
      } else if (row.status === 'update' && row.contactId !== null) {
        const id = row.contactId;
        let priority = (nextPriority.get(id) as { p: number }).p;
        for (const n of row.addNumbers) insertNumber.run(id, n.e164, n.raw, n.kind, n.label, priority++, n.smsCapable ? 1 : 0, at, at);
        const sets = Object.entries(row.fieldChanges);
        if (row.addTags.length > 0) {
          const tags = JSON.parse((contactById.get(id) as { tags: string }).tags) as string[];
          sets.push(['tags', JSON.stringify([...tags, ...row.addTags])]);
        }
        if (sets.length > 0) {
          sqlite
            .prepare(`UPDATE contacts SET ${sets.map(([k]) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
            .run(...sets.map(([, v]) => v), at, id);
        }
        joinGroups(id, row.joinGroups);
        updated++;
      }
    }
    const totals = totalsOf(rows);
    appendAudit(db, meta.actor, {
      action: 'contacts.import',
      target: { type: 'file', id: meta.fileName },
      details: { ...totals, created, updated, groupsCreated },
    });
    return { totals, created, updated, skipped: totals.rows - created - updated, groupsCreated };
  });
}
