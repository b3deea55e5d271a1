/** Admins manage the people who use GDial. The last active admin can never be removed. */
import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { ParsedInput, User } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import { assertAcceptablePassword } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import type { SessionStore } from '../auth/sessions';
import type { Db } from '../db/open';
import { users } from '../db/schema';
import { inTransaction, now } from '../db/tx';
import { AppError, notFound } from '../errors';
import type { EventBus } from '../events/event-bus';
import { toUserDto, type UserRow } from './user-dto';

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionStore,
    private readonly bus: EventBus,
  ) {}

  list(): User[] {
    return this.db.select().from(users).orderBy(asc(users.username)).all().map((r) => toUserDto(r));
  }

  private get(id: number): UserRow {
    const row = this.db.select().from(users).where(eq(users.id, id)).get();
    if (!row) throw notFound('user', id);
    return row;
  }

  async create(input: ParsedInput<'users.create'>, actor: Actor): Promise<User> {
    await assertAcceptablePassword(input.password, input.username, 'password');
    const passwordHash = await hashPassword(input.password);
    return inTransaction(this.db, () => {
      if (this.db.select().from(users).where(eq(users.username, input.username)).get()) {
        throw new AppError('conflict', `The username ${input.username} is taken`, {
          code: 'users.username_taken',
          fields: [{ path: 'username', message: 'taken' }],
        });
      }
      const at = now();
      const { password: _omit, ...fields } = input;
      const row = this.db.insert(users).values({ ...fields, passwordHash, createdAt: at, updatedAt: at }).returning().get();
      appendAudit(this.db, actor, {
        action: 'users.create',
        target: { type: 'user', id: row.id },
        details: { username: row.username, role: row.role },
      });
      return toUserDto(row);
    });
  }

  private otherActiveAdmins(id: number): number {
    return this.db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, id)))
      .get()!.n;
  }

  update(input: ParsedInput<'users.update'>, actor: Actor): User {
    const { id, ...patch } = input;
    const { row, ended } = inTransaction(this.db, () => {
      const before = this.get(id);
      const losesAdmin = before.role === 'admin' && !before.disabled && ((patch.role && patch.role !== 'admin') || patch.disabled);
      if (patch.disabled && actor.id === id) {
        throw new AppError('conflict', 'You cannot disable your own account', { code: 'users.self_disable' });
      }
      if (losesAdmin && this.otherActiveAdmins(id) === 0) {
        throw new AppError('conflict', 'GDial must keep at least one active administrator', { code: 'users.last_admin' });
      }
      const after = this.db.update(users).set({ ...patch, updatedAt: now() }).where(eq(users.id, id)).returning().get()!;
      appendAudit(this.db, actor, { action: 'users.update', target: { type: 'user', id }, details: patch });
      return { row: after, ended: patch.disabled ? this.sessions.revokeUser(id) : [] };
    });
    const dto = toUserDto(row);
    if (ended.length > 0) this.bus.emit('session.ended', { reason: 'disabled' }, { tokenHashes: ended });
    this.bus.emit('session.user', dto, { userId: id });
    return dto;
  }

  async setPassword(id: number, password: string, actor: Actor): Promise<void> {
    await assertAcceptablePassword(password, this.get(id).username, 'password');
    const passwordHash = await hashPassword(password);
    const ended = inTransaction(this.db, () => {
      this.get(id);
      this.db
        .update(users)
        .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: now() })
        .where(eq(users.id, id))
        .run();
      appendAudit(this.db, actor, { action: 'users.setPassword', target: { type: 'user', id } });
      return this.sessions.revokeUser(id);
    });
    this.bus.emit('session.ended', { reason: 'password_changed' }, { tokenHashes: ended });
  }

  unlock(id: number, actor: Actor): User {
    return inTransaction(this.db, () => {
      this.get(id);
      const row = this.db
        .update(users)
        .set({ failedLogins: 0, lockedUntil: null, updatedAt: now() })
        .where(eq(users.id, id))
        .returning()
        .get()!;
      appendAudit(this.db, actor, { action: 'users.unlock', target: { type: 'user', id } });
      return toUserDto(row);
    });
  }
}
