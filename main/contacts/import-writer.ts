/**
 * Writes a planned import in transactions of WRITE_BATCH rows, with a turn of the event loop
 * between them: 200,000 rows in one transaction would hold the engine's thread (and with it
 * dispatch and webhooks) for seconds. Each batch checks its rows against the book as it is at
 * that moment, so a number someone took meanwhile is reported as a conflict, never written twice.
 * A crash between batches leaves the batches before it: importing the file again then reports
 * those rows as duplicates. Each batch reads what it checks in a few statements and writes its
 * contacts, numbers and memberships as multi-row INSERTs, because 100,000 rows must go in within
 * seconds, on PostgreSQL (one round trip per statement) as on SQLite.
 */
import type { ImportResult, ImportTotals } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Queryable, Store } from '../db/store';
import { now } from '../db/tx';
import { insertContacts, insertNumbers, updateContact, type ContactPatch, type NewContact, type NewNumber } from './contacts-store';
import { ensureGroup } from './groups-service';
import { insertMembers, nextPositions } from './groups-store';
import type { PlannedRow, PreparedNumber } from './import-planner';
import { importReason } from './import-reasons';
import { membershipKeys, nextPriorities, ownersOfNumbers, tagsOfContacts } from './import-store';
import { swedishSortKey } from './sort-key';

export function totalsOf(rows: PlannedRow[]): ImportTotals {
  const totals: ImportTotals = { rows: rows.length, new: 0, update: 0, duplicate: 0, invalid: 0, conflict: 0 };
  for (const r of rows) totals[r.status]++;
  return totals;
}

/** Rows per transaction: a few tens of milliseconds of the engine's thread at a time. */
export const WRITE_BATCH = 2000;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const numberRow = (contactId: number, n: PreparedNumber, priority: number, at: number): NewNumber => ({
  contactId,
  e164: n.e164,
  raw: n.raw,
  kind: n.kind,
  label: n.label,
  priority,
  voiceCapable: true,
  smsCapable: n.smsCapable,
  smsOptedOut: false,
  smsOptedOutAt: null,
  createdAt: at,
  updatedAt: at,
});

export async function writeImport(
  store: Store,
  plan: () => Promise<PlannedRow[]>,
  meta: { fileName: string; actor: Actor },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportResult> {
  // Matching happens here, at the commit, against the book as it is now; each batch then
  // checks its own rows again (below), since the book may change between batches.
  const rows = await plan();
  const at = now();
  const groupsCreated: string[] = [];
  let created = 0;
  let updated = 0;

  const writeBatch = async (tx: Queryable, batch: PlannedRow[]) => {
    // The book as it is now, for this batch's rows: numbers taken meanwhile, contacts deleted.
    // (The planner gives no two writable rows of a file the same number, so a batch's own
    // writes never change what its other rows are checked against.)
    const owners = await ownersOfNumbers(tx, [
      ...new Set(batch.flatMap((r) => (r.status === 'new' ? r.prepared.numbers : r.addNumbers).map((n) => n.e164))),
    ]);
    const updateIds = batch.flatMap((r) => (r.status === 'update' && r.contactId !== null ? [r.contactId] : []));
    const tagsNow = await tagsOfContacts(tx, updateIds);
    /** False when a number the row would write belongs, by now, to another contact. */
    const stillFree = (numbers: { e164: string }[], self: number | null) =>
      numbers.every((n) => (owners.get(n.e164) ?? []).every((owner) => owner === self));

    const fresh: PlannedRow[] = [];
    const changed: PlannedRow[] = [];
    for (const row of batch) {
      if (row.status === 'new' && !stillFree(row.prepared.numbers, null)) {
        Object.assign(row, { status: 'conflict', reasons: [importReason('number_taken_meanwhile')] });
      } else if (row.status === 'update' && (row.contactId === null || !tagsNow.has(row.contactId) || !stillFree(row.addNumbers, row.contactId))) {
        Object.assign(row, { status: 'conflict', reasons: [importReason('contact_changed_meanwhile')] });
      } else if (row.status === 'new') {
        fresh.push(row);
      } else if (row.status === 'update' && row.contactId !== null) {
        changed.push(row);
      }
    }

    const contactOf = new Map<PlannedRow, number>();
    const newContacts = fresh.map(({ prepared: { record } }): NewContact => ({
      name: record.name.trim(),
      sortKey: swedishSortKey(record.name),
      organisation: record.organisation.trim(),
      title: record.title.trim(),
      email: record.email.trim(),
      language: record.language ?? 'sv',
      notes: record.notes.trim(),
      tags: JSON.stringify(record.tags),
      externalId: record.externalId ?? null,
      at,
    }));
    const ids = await insertContacts(tx, newContacts);
    fresh.forEach((row, i) => contactOf.set(row, ids[i]!));

    const numbers: NewNumber[] = [];
    for (const row of fresh) row.prepared.numbers.forEach((n, i) => numbers.push(numberRow(contactOf.get(row)!, n, i, at)));
    const priorities = await nextPriorities(tx, changed.map((r) => r.contactId!));
    for (const row of changed) {
      const id = row.contactId!;
      contactOf.set(row, id);
      let priority = priorities.get(id) ?? 0;
      for (const n of row.addNumbers) numbers.push(numberRow(id, n, priority++, at));
      const patch: ContactPatch = { ...row.fieldChanges };
      if (row.addTags.length > 0) patch.tags = JSON.stringify([...(JSON.parse(tagsNow.get(id)!) as string[]), ...row.addTags]);
      if (Object.keys(patch).length > 0) await updateContact(tx, id, patch, at);
    }
    await insertNumbers(tx, numbers);

    // Groups and positions are read afresh per batch: others may change them between batches.
    // Members join in the file's order, which is the call-out order within the group.
    const written = batch.filter((r) => contactOf.has(r));
    const groupIds = new Map<string, number>();
    for (const row of written) {
      for (const name of row.joinGroups) {
        const key = name.toLocaleLowerCase('sv');
        if (groupIds.has(key)) continue;
        const ensured = await ensureGroup(tx, name, at);
        if (ensured.created) groupsCreated.push(name);
        groupIds.set(key, ensured.id);
      }
    }
    const positions = await nextPositions(tx, [...new Set(groupIds.values())]);
    const members = await membershipKeys(tx, changed.map((r) => r.contactId!));
    const joins: { groupId: number; contactId: number; position: number }[] = [];
    for (const row of written) {
      const contactId = contactOf.get(row)!;
      for (const name of row.joinGroups) {
        const groupId = groupIds.get(name.toLocaleLowerCase('sv'))!;
        const key = `${groupId}:${contactId}`;
        if (members.has(key)) continue;
        members.add(key);
        const position = positions.get(groupId) ?? 0;
        joins.push({ groupId, contactId, position });
        positions.set(groupId, position + 1);
      }
    }
    await insertMembers(tx, joins);
    created += fresh.length;
    updated += changed.length;
  };

  const writable = rows.filter((r) => r.status === 'new' || r.status === 'update');
  for (let i = 0; i < writable.length; i += WRITE_BATCH) {
    if (i > 0) await tick();
    await store.unit((tx) => writeBatch(tx, writable.slice(i, i + WRITE_BATCH)));
    onProgress(Math.min(i + WRITE_BATCH, writable.length), writable.length);
  }
  const totals = totalsOf(rows);
  await store.unit((tx) =>
    recordAudit(tx, meta.actor, {
      action: 'contacts.import',
      target: { type: 'file', id: meta.fileName },
      details: { ...totals, created, updated, groupsCreated },
    }),
  );
  return { totals, created, updated, skipped: totals.rows - created - updated, groupsCreated };
}
