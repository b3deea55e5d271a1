/** Groups with ordered membership: the order is the call-out order within the group. */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Group, GroupMember, ParsedInput } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { contacts, groupMembers, groups } from '../db/schema';
import { inTransaction, iso, now } from '../db/tx';
import { nameTaken, notFound } from '../errors';
import type { EventBus } from '../events/event-bus';

const SMS_REACHABLE = sql`EXISTS (SELECT 1 FROM phone_numbers p WHERE p.contact_id = m.contact_id AND p.sms_capable = 1 AND p.sms_opted_out = 0)`;

export class GroupsService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  list(): Group[] {
    const rows = this.db.all<{ id: number; name: string; description: string; created_at: number; updated_at: number; members: number; sms: number }>(sql`
      SELECT g.id, g.name, g.description, g.created_at, g.updated_at,
        (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS members,
        (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id AND ${SMS_REACHABLE}) AS sms
      FROM groups g ORDER BY g.name COLLATE NOCASE`);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      memberCount: r.members,
      smsReachableCount: r.sms,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    }));
  }

  get(id: number): Group {
    const group = this.list().find((g) => g.id === id);
    if (!group) throw notFound('group', id);
    return group;
  }

  /** Finds a group by name (case-insensitive) or creates it; for imports and the CLI's --group. */
  ensure(name: string, at: number): { id: number; created: boolean } {
    const found = this.db.get<{ id: number } | undefined>(sql`SELECT id FROM groups WHERE name = ${name} COLLATE NOCASE`);
    if (found) return { id: found.id, created: false };
    const row = this.db.insert(groups).values({ name, createdAt: at, updatedAt: at }).returning({ id: groups.id }).get();
    return { id: row.id, created: true };
  }

  create(input: ParsedInput<'groups.create'>, actor: Actor): Group {
    try {
      const id = inTransaction(this.db, () => {
        const at = now();
        const row = this.db.insert(groups).values({ ...input, createdAt: at, updatedAt: at }).returning({ id: groups.id }).get();
        appendAudit(this.db, actor, { action: 'groups.create', target: { type: 'group', id: row.id }, details: { name: input.name } });
        return row.id;
      });
      this.bus.emit('contacts.changed', {});
      return this.get(id);
    } catch (error) {
      return nameTaken(error, 'group', input.name);
    }
  }

  update(input: ParsedInput<'groups.update'>, actor: Actor): Group {
    const { id, ...patch } = input;
    try {
      inTransaction(this.db, () => {
        const row = this.db.update(groups).set({ ...patch, updatedAt: now() }).where(eq(groups.id, id)).returning().get();
        if (!row) throw notFound('group', id);
        appendAudit(this.db, actor, { action: 'groups.update', target: { type: 'group', id }, details: patch });
      });
    } catch (error) {
      nameTaken(error, 'group', patch.name);
    }
    this.bus.emit('contacts.changed', {});
    return this.get(id);
  }

  delete(id: number, actor: Actor): void {
    inTransaction(this.db, () => {
      const row = this.db.delete(groups).where(eq(groups.id, id)).returning().get();
      if (!row) throw notFound('group', id);
      appendAudit(this.db, actor, { action: 'groups.delete', target: { type: 'group', id }, details: { name: row.name } });
    });
    this.bus.emit('contacts.changed', {});
  }

  members(id: number): GroupMember[] {
    this.get(id);
    return this.db
      .all<{ contact_id: number; position: number; name: string; organisation: string; active: number; primary_number: string | null; sms: number }>(sql`
        SELECT m.contact_id, m.position, c.name, c.organisation, c.active,
          (SELECT e164 FROM phone_numbers p WHERE p.contact_id = m.contact_id ORDER BY p.priority LIMIT 1) AS primary_number,
          ${SMS_REACHABLE} AS sms
        FROM group_members m JOIN contacts c ON c.id = m.contact_id
        WHERE m.group_id = ${id} ORDER BY m.position`)
      .map((r) => ({
        contactId: r.contact_id,
        position: r.position,
        name: r.name,
        organisation: r.organisation,
        active: r.active === 1,
        primaryNumber: r.primary_number,
        smsReachable: r.sms === 1,
      }));
  }

  private assertContactsExist(ids: number[]) {
    if (ids.length === 0) return;
    const found = new Set<number>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const r of this.db.select({ id: contacts.id }).from(contacts).where(inArray(contacts.id, chunk)).all()) found.add(r.id);
    }
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw notFound('contact', missing.slice(0, 5).join(', '));
  }

  private writeOrder(groupId: number, ids: number[]) {
    this.db.delete(groupMembers).where(eq(groupMembers.groupId, groupId)).run();
    const insert = this.db.$client.prepare('INSERT INTO group_members (group_id, contact_id, position) VALUES (?, ?, ?)');
    ids.forEach((contactId, position) => insert.run(groupId, contactId, position));
  }

  private currentOrder(groupId: number): number[] {
    return this.db
      .select({ id: groupMembers.contactId })
      .from(groupMembers)
      .where(eq(groupMembers.groupId, groupId))
      .orderBy(groupMembers.position)
      .all()
      .map((r) => r.id);
  }

  private changeMembers(groupId: number, action: string, actor: Actor, next: (current: number[]) => number[], ids: number[]): Group {
    inTransaction(this.db, () => {
      this.get(groupId);
      this.assertContactsExist(ids);
      const current = this.currentOrder(groupId);
      const order = next(current);
      this.writeOrder(groupId, order);
      this.db.update(groups).set({ updatedAt: now() }).where(eq(groups.id, groupId)).run();
      appendAudit(this.db, actor, { action, target: { type: 'group', id: groupId }, details: { contacts: ids.length, members: order.length } });
    });
    this.bus.emit('contacts.changed', {});
    return this.get(groupId);
  }

  setMembers(groupId: number, ids: number[], actor: Actor): Group {
    return this.changeMembers(groupId, 'groups.setMembers', actor, () => ids, ids);
  }

  addMembers(groupId: number, ids: number[], actor: Actor): Group {
    return this.changeMembers(groupId, 'groups.addMembers', actor, (current) => {
      const have = new Set(current);
      return [...current, ...ids.filter((id) => !have.has(id))];
    }, ids);
  }

  removeMembers(groupId: number, ids: number[], actor: Actor): Group {
    const drop = new Set(ids);
    return this.changeMembers(groupId, 'groups.removeMembers', actor, (current) => current.filter((id) => !drop.has(id)), ids);
  }
}
