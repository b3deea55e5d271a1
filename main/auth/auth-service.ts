/** Signing in and out, first-run setup, own password and preferences. */
import { and, count, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { ParsedInput, SessionResult, User } from '../contract';
import { appendAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { users } from '../db/schema';
import { inTransaction, iso, now } from '../db/tx';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { SettingsService } from '../settings/settings-service';
import { toUserDto, type UserRow } from '../users/user-dto';
import { assertAcceptablePassword, passwordProblem, passwordProblemMessage } from './password-policy';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords';
import { hashToken, type ResolvedSession, type SessionStore } from './sessions';

const invalidCredentials = () =>
  new AppError('unauthenticated', 'Wrong username or password', { code: 'auth.invalid_credentials' });

const locked = (until: number) =>
  new AppError('locked', `Account locked until ${iso(until)} after too many failed sign-ins`, {
    code: 'auth.locked',
    params: { until: iso(until) },
  });

export const actorOf = (user: UserRow): Actor => ({ id: user.id, name: user.username });

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionStore,
    private readonly settings: SettingsService,
    private readonly bus: EventBus,
  ) {}

  needsSetup(): boolean {
    return this.db.select({ n: count() }).from(users).get()!.n === 0;
  }

  /** Creates the first admin; refused once any user exists, so it cannot be replayed later. */
  async setup(input: ParsedInput<'auth.setup'>, client: string, actor: Actor = SYSTEM_ACTOR): Promise<SessionResult> {
    await assertAcceptablePassword(input.password, input.username, 'password');
    const passwordHash = await hashPassword(input.password);
    const row = inTransaction(this.db, () => {
      if (!this.needsSetup()) {
        throw new AppError('conflict', 'GDial already has users; sign in instead', { code: 'auth.already_set_up' });
      }
      const at = now();
      const created = this.db
        .insert(users)
        .values({ ...input, role: 'admin', passwordHash, createdAt: at, updatedAt: at, lastLoginAt: at })
        .returning()
        .get();
      appendAudit(this.db, actor.id === null ? actorOf(created) : actor, {
        action: 'auth.setup',
        target: { type: 'user', id: created.id },
        details: { username: created.username },
      });
      return created;
    });
    return { token: this.sessions.create(row.id, client), user: toUserDto(row) };
  }

  async login(username: string, password: string, client: string): Promise<SessionResult> {
    const row = this.db.select().from(users).where(eq(users.username, username)).get();
    if (!row) {
      await verifyPassword(password, await DUMMY_HASH_PROMISE);
      throw invalidCredentials();
    }
    if (row.lockedUntil && row.lockedUntil > now()) throw locked(row.lockedUntil);
    const good = await verifyPassword(password, row.passwordHash);
    if (!good) {
      const lockedUntil = this.recordFailure(row.id, row.username);
      // The failure that locks says so at once, rather than on the next try.
      throw lockedUntil ? locked(lockedUntil) : invalidCredentials();
    }
    const updated = inTransaction(this.db, () => {
      // scrypt is async: parallel wrong guesses may have locked the account (or an admin may have
      // reset the password) while this one was being verified. Decide on the row as it is now.
      const at = now();
      const fresh = this.db.select().from(users).where(eq(users.id, row.id)).get();
      if (!fresh || fresh.passwordHash !== row.passwordHash) throw invalidCredentials();
      if (fresh.lockedUntil && fresh.lockedUntil > at) throw locked(fresh.lockedUntil);
      if (fresh.disabled) {
        throw new AppError('forbidden', 'This account is disabled; ask an administrator', { code: 'auth.disabled' });
      }
      const u = this.db
        .update(users)
        .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: at })
        .where(eq(users.id, row.id))
        .returning()
        .get()!;
      appendAudit(this.db, actorOf(u), { action: 'auth.login', target: { type: 'user', id: u.id } });
      return u;
    });
    return { token: this.sessions.create(updated.id, client), user: toUserDto(updated) };
  }

  /**
   * Counts a failed sign-in; returns until when the account is locked, if it is. The count is
   * incremented by the database itself (`failed_logins + 1`) and the lock is decided in the same
   * transaction, never from a row read before the async password check: 60 guesses verified in
   * parallel count as 60, not 1. A guess that lands while the account is already locked does not
   * count further (the count says how many failures led to the lock), but is audited.
   */
  private recordFailure(id: number, username: string): number | null {
    const { maxFailedLogins, lockoutMinutes } = this.settings.current();
    return inTransaction(this.db, () => {
      const at = now();
      const lockOver = and(sql`${users.lockedUntil} IS NOT NULL`, lte(users.lockedUntil, at));
      const counted = this.db
        .update(users)
        // A lock whose time has passed starts a new count.
        .set({
          failedLogins: sql`CASE WHEN ${lockOver} THEN 1 ELSE ${users.failedLogins} + 1 END`,
          lockedUntil: sql`CASE WHEN ${lockOver} THEN NULL ELSE ${users.lockedUntil} END`,
        })
        .where(and(eq(users.id, id), or(isNull(users.lockedUntil), lte(users.lockedUntil, at))))
        .returning({ failures: users.failedLogins })
        .get();
      if (!counted) {
        const current = this.db.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, id)).get();
        appendAudit(this.db, SYSTEM_ACTOR, {
          action: 'auth.login_failed',
          target: { type: 'user', id },
          details: { username, whileLocked: true },
        });
        return current?.lockedUntil ?? null;
      }
      const { failures } = counted;
      const lockedUntil = failures >= maxFailedLogins ? at + lockoutMinutes * 60_000 : null;
      if (lockedUntil) this.db.update(users).set({ lockedUntil }).where(eq(users.id, id)).run();
      appendAudit(this.db, SYSTEM_ACTOR, {
        action: lockedUntil ? 'auth.locked' : 'auth.login_failed',
        target: { type: 'user', id },
        details: { username, failures },
      });
      return lockedUntil;
    });
  }

  resume(token: string): ResolvedSession | null {
    return this.sessions.resolve(hashToken(token));
  }

  logout(session: ResolvedSession): void {
    inTransaction(this.db, () => {
      this.sessions.revoke(session.tokenHash);
      appendAudit(this.db, actorOf(session.user), { action: 'auth.logout', target: { type: 'user', id: session.user.id } });
    });
  }

  async changePassword(session: ResolvedSession, current: string, next: string): Promise<void> {
    if (!(await verifyPassword(current, session.user.passwordHash))) {
      throw new AppError('validation', 'The current password is wrong', {
        code: 'auth.wrong_current_password',
        fields: [{ path: 'currentPassword', message: 'wrong password' }],
      });
    }
    await assertAcceptablePassword(next, session.user.username, 'newPassword');
    const passwordHash = await hashPassword(next);
    const ended = inTransaction(this.db, () => {
      this.db.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, session.user.id)).run();
      appendAudit(this.db, actorOf(session.user), { action: 'auth.changePassword', target: { type: 'user', id: session.user.id } });
      // Other sessions (a forgotten login elsewhere) end; this one stays.
      return this.sessions.revokeUser(session.user.id, session.tokenHash);
    });
    this.bus.emit('session.ended', { reason: 'password_changed' }, { tokenHashes: ended });
  }

  updateProfile(session: ResolvedSession, patch: ParsedInput<'profile.update'>): User {
    const row = inTransaction(this.db, () => {
      const u = this.db
        .update(users)
        .set({ ...patch, updatedAt: now() })
        .where(eq(users.id, session.user.id))
        .returning()
        .get()!;
      appendAudit(this.db, actorOf(session.user), { action: 'profile.update', target: { type: 'user', id: u.id }, details: patch });
      return u;
    });
    const dto = toUserDto(row);
    this.bus.emit('session.user', dto, { userId: row.id });
    return dto;
  }

  /** GDIAL_ADMIN_USER + GDIAL_ADMIN_PASSWORD on an empty database: first admin without a screen. */
  async bootstrapAdmin(username: string | undefined, password: string | undefined): Promise<boolean> {
    if (!username || !password || !this.needsSetup()) return false;
    // Checked only when it would create the admin: an old, weaker value left in the environment of
    // an installation that has users must not stop the engine from starting.
    const problem = await passwordProblem(password, username);
    if (problem) {
      throw new AppError('validation', `GDIAL_ADMIN_PASSWORD: ${passwordProblemMessage(problem)}`, {
        code: 'engine.bad_admin_env',
        params: { reason: problem.code },
      });
    }
    await this.setup({ username, password, displayName: username, language: this.settings.current().defaultLanguage }, 'env');
    return true;
  }
}
