/**
 * Writes a planned import in transactions of WRITE_BATCH rows, with a turn of the event loop
 * between them: 200,000 rows in one transaction would hold the engine's thread (and with it
 * dispatch and webhooks) for seconds. Each batch checks its rows against the book as it is at
 * that moment, so a number someone took meanwhile is reported as a conflict, never written twice.
 * A crash between batches leaves the batches before it: importing the file again then reports
 * those rows as duplicates. Prepared statements, not the query builder, because 100,000 rows
 * must go in within seconds.
 */
import type { ImportResult, ImportTotals } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { inTransaction, now } from '../db/tx';
import type { GroupsService } from './groups-service';
import type { PlannedRow } from './import-planner';
import { importReason } from './import-reasons';
import { swedishSortKey } from './sort-key';

export function totalsOf(rows: PlannedRow[]): ImportTotals {
  const totals: ImportTotals = { rows: rows.length, new: 0, update: 0, duplicate: 0, invalid: 0, conflict: 0 };
  for (const r of rows) totals[r.status]++;
  return totals;
}

/** Rows per transaction: a few tens of milliseconds of the engine's thread at a time. */
export const WRITE_BATCH = 2000;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function writeImport(
  db: Db,
  groups: GroupsService,
  plan: () => PlannedRow[],
  meta: { fileName: string; actor: Actor },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportResult> {
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
  const ownerOf = sqlite.prepare('SELECT contact_id FROM phone_numbers WHERE e164 = ? LIMIT 1').pluck();

  // Matching happens here, at the commit, against the book as it is now; each batch then
  // checks its own rows again (below), since the book may change between batches.
  const rows = plan();
  const at = now();
  const groupsCreated: string[] = [];
  let created = 0;
  let updated = 0;

  /** False when a number the row would write belongs, by now, to another contact. */
  const stillFree = (numbers: { e164: string }[], self: number | null) =>
    numbers.every((n) => {
      const owner = ownerOf.get(n.e164) as number | undefined;
      return owner === undefined || owner === self;
    });

  const writeBatch = (batch: PlannedRow[]) => {
    // Groups and positions are read afresh per batch: others may change them between batches.
    const groupIds = new Map<string, number>();
    const positions = new Map<number, number>();
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

    for (const row of batch) {
      const { record, numbers } = row.prepared;
      if (row.status === 'new' && !stillFree(numbers, null)) {
        Object.assign(row, { status: 'conflict', reasons: [importReason('number_taken_meanwhile')] });
      } else if (row.status === 'update' && (row.contactId === null || !contactById.get(row.contactId) || !stillFree(row.addNumbers, row.contactId))) {
        Object.assign(row, { status: 'conflict', reasons: [importReason('contact_changed_meanwhile')] });
      } else if (row.status === 'new') {
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
  };

  const writable = rows.filter((r) => r.status === 'new' || r.status === 'update');
  for (let i = 0; i < writable.length; i += WRITE_BATCH) {
    if (i > 0) await tick();
    inTransaction(db, () => writeBatch(writable.slice(i, i + WRITE_BATCH)));
    onProgress(Math.min(i + WRITE_BATCH, writable.length), writable.length);
  }
  const totals = totalsOf(rows);
  inTransaction(db, () =>
    appendAudit(db, meta.actor, {
      action: 'contacts.import',
      target: { type: 'file', id: meta.fileName },
      details: { ...totals, created, updated, groupsCreated },
    }),
  );
  return { totals, created, updated, skipped: totals.rows - created - updated, groupsCreated };
}
