/** Admins manage the people who use GDial. The last active admin can never be removed. */
import type { ParsedInput, User } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import { assertAcceptablePassword } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import type { SessionStore } from '../auth/sessions';
import type { Queryable, Store } from '../db/store';
import { now } from '../db/tx';
import { AppError, notFound } from '../errors';
import type { EventBus } from '../events/event-bus';
import { toUserDto, type UserRow } from './user-dto';
import { insertUser, listUsers, otherActiveAdmins, setUserPassword, unlockUser, updateUser, userById, userByUsername } from './users-store';

async function existing(q: Queryable, id: number): Promise<UserRow> {
  const row = await userById(q, id);
  if (!row) throw notFound('user', id);
  return row;
}

export class UsersService {
  constructor(
    private readonly store: Store,
    private readonly sessions: SessionStore,
    private readonly bus: EventBus,
  ) {}

  async list(): Promise<User[]> {
    return (await listUsers(this.store)).map((r) => toUserDto(r));
  }

  async create(input: ParsedInput<'users.create'>, actor: Actor): Promise<User> {
    await assertAcceptablePassword(input.password, input.username, 'password');
    const passwordHash = await hashPassword(input.password);
    return this.store.unit(async (tx) => {
      if (await userByUsername(tx, input.username)) {
        throw new AppError('conflict', `The username ${input.username} is taken`, {
          code: 'users.username_taken',
          fields: [{ path: 'username', message: 'taken' }],
        });
      }
      const { password: _omit, ...fields } = input;
      const row = await insertUser(tx, { ...fields, passwordHash, createdAt: now() });
      await recordAudit(tx, actor, {
        action: 'users.create',
        target: { type: 'user', id: row.id },
        details: { username: row.username, role: row.role },
      });
      return toUserDto(row);
    });
  }

  async update(input: ParsedInput<'users.update'>, actor: Actor): Promise<User> {
    const { id, ...patch } = input;
    // The last-admin rule reads, then writes: one unit, so no other change comes in between.
    const { row, ended } = await this.store.unit(async (tx) => {
      const before = await existing(tx, id);
      const losesAdmin = before.role === 'admin' && !before.disabled && ((patch.role && patch.role !== 'admin') || patch.disabled);
      if (patch.disabled && actor.id === id) {
        throw new AppError('conflict', 'You cannot disable your own account', { code: 'users.self_disable' });
      }
      if (losesAdmin && (await otherActiveAdmins(tx, id)) === 0) {
        throw new AppError('conflict', 'GDial must keep at least one active administrator', { code: 'users.last_admin' });
      }
      const after = (await updateUser(tx, id, patch, now()))!;
      await recordAudit(tx, actor, { action: 'users.update', target: { type: 'user', id }, details: patch });
      return { row: after, ended: patch.disabled ? await this.sessions.revokeUser(tx, id) : [] };
    });
    const dto = toUserDto(row);
    this.sessions.ended(ended, 'disabled');
    if (ended.length > 0) this.bus.emit('session.ended', { reason: 'disabled' }, { tokenHashes: ended });
    this.bus.emit('session.user', dto, { userId: id });
    return dto;
  }

  async setPassword(id: number, password: string, actor: Actor): Promise<void> {
    await assertAcceptablePassword(password, (await existing(this.store, id)).username, 'password');
    const passwordHash = await hashPassword(password);
    const ended = await this.store.unit(async (tx) => {
      await existing(tx, id);
      await setUserPassword(tx, id, passwordHash, now());
      await recordAudit(tx, actor, { action: 'users.setPassword', target: { type: 'user', id } });
      return this.sessions.revokeUser(tx, id);
    });
    this.sessions.ended(ended, 'password_changed');
    this.bus.emit('session.ended', { reason: 'password_changed' }, { tokenHashes: ended });
  }

  async unlock(id: number, actor: Actor): Promise<User> {
    return this.store.unit(async (tx) => {
      await existing(tx, id);
      const row = (await unlockUser(tx, id, now()))!;
      await recordAudit(tx, actor, { action: 'users.unlock', target: { type: 'user', id } });
      return toUserDto(row);
    });
  }
}
