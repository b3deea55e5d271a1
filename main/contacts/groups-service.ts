/** Groups with ordered membership: the order is the call-out order within the group. */
import type { Group, GroupMember, ParsedInput } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Queryable, Store } from '../db/store';
import { iso, now } from '../db/tx';
import { nameTaken, notFound } from '../errors';
import type { EventBus } from '../events/event-bus';
import {
  deleteGroup,
  existingContactIds,
  groupIdByName,
  groupRows,
  insertGroup,
  memberOrder,
  memberRows,
  touchGroup,
  updateGroup,
  writeMemberOrder,
  type GroupRow,
} from './groups-store';

const toGroup = (r: GroupRow): Group => ({
  id: r.id,
  name: r.name,
  description: r.description,
  memberCount: r.members,
  smsReachableCount: r.sms,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

/** Finds a group by name (case-insensitive) or creates it; for imports and the CLI's --group. */
export async function ensureGroup(q: Queryable, name: string, at: number): Promise<{ id: number; created: boolean }> {
  const found = await groupIdByName(q, name);
  if (found) return { id: found.id, created: false };
  return { id: await insertGroup(q, name, '', at), created: true };
}

async function groupOf(q: Queryable, id: number): Promise<Group> {
  const [row] = await groupRows(q, id);
  if (!row) throw notFound('group', id);
  return toGroup(row);
}

export class GroupsService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
  ) {}

  async list(): Promise<Group[]> {
    return (await groupRows(this.store)).map(toGroup);
  }

  get(id: number): Promise<Group> {
    return groupOf(this.store, id);
  }

  async create(input: ParsedInput<'groups.create'>, actor: Actor): Promise<Group> {
    try {
      const id = await this.store.unit(async (tx) => {
        const id = await insertGroup(tx, input.name, input.description, now());
        await recordAudit(tx, actor, { action: 'groups.create', target: { type: 'group', id }, details: { name: input.name } });
        return id;
      });
      this.bus.emit('contacts.changed', {});
      return await this.get(id);
    } catch (error) {
      return nameTaken(error, 'group', input.name);
    }
  }

  async update(input: ParsedInput<'groups.update'>, actor: Actor): Promise<Group> {
    const { id, ...patch } = input;
    try {
      await this.store.unit(async (tx) => {
        if (!(await updateGroup(tx, id, patch, now()))) throw notFound('group', id);
        await recordAudit(tx, actor, { action: 'groups.update', target: { type: 'group', id }, details: patch });
      });
    } catch (error) {
      nameTaken(error, 'group', patch.name);
    }
    this.bus.emit('contacts.changed', {});
    return this.get(id);
  }

  async delete(id: number, actor: Actor): Promise<void> {
    await this.store.unit(async (tx) => {
      const row = await deleteGroup(tx, id);
      if (!row) throw notFound('group', id);
      await recordAudit(tx, actor, { action: 'groups.delete', target: { type: 'group', id }, details: { name: row.name } });
    });
    this.bus.emit('contacts.changed', {});
  }

  async members(id: number): Promise<GroupMember[]> {
    await this.get(id);
    return (await memberRows(this.store, id)).map((r) => ({
      contactId: r.contactId,
      position: r.position,
      name: r.name,
      organisation: r.organisation,
      active: r.active === 1,
      primaryNumber: r.primaryNumber,
      smsReachable: r.sms === 1,
    }));
  }

  private async changeMembers(groupId: number, action: string, actor: Actor, next: (current: number[]) => number[], ids: number[]): Promise<Group> {
    await this.store.unit(async (tx) => {
      await groupOf(tx, groupId);
      if (ids.length > 0) {
        const found = await existingContactIds(tx, ids);
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw notFound('contact', missing.slice(0, 5).join(', '));
      }
      const order = next(await memberOrder(tx, groupId));
      await writeMemberOrder(tx, groupId, order);
      await touchGroup(tx, groupId, now());
      await recordAudit(tx, actor, { action, target: { type: 'group', id: groupId }, details: { contacts: ids.length, members: order.length } });
    });
    this.bus.emit('contacts.changed', {});
    return this.get(groupId);
  }

  setMembers(groupId: number, ids: number[], actor: Actor): Promise<Group> {
    return this.changeMembers(groupId, 'groups.setMembers', actor, () => ids, ids);
  }

  addMembers(groupId: number, ids: number[], actor: Actor): Promise<Group> {
    return this.changeMembers(groupId, 'groups.addMembers', actor, (current) => {
      const have = new Set(current);
      return [...current, ...ids.filter((id) => !have.has(id))];
    }, ids);
  }

  removeMembers(groupId: number, ids: number[], actor: Actor): Promise<Group> {
    const drop = new Set(ids);
    return this.changeMembers(groupId, 'groups.removeMembers', actor, (current) => current.filter((id) => !drop.has(id)), ids);
  }
}
