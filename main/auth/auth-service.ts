/** Signing in and out, first-run setup, own password and preferences. */
import type { ParsedInput, SessionResult, User } from '../contract';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/audit-log';
import type { Store } from '../db/store';
import { iso, now } from '../db/tx';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { SettingsService } from '../settings/settings-service';
import { toUserDto, type UserRow } from '../users/user-dto';
import {
  changeOwnPassword,
  countFailedLogin,
  countUsers,
  insertUser,
  lockUser,
  recordLogin,
  updateUser,
  userById,
  userByUsername,
} from '../users/users-store';
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
    private readonly store: Store,
    private readonly sessions: SessionStore,
    private readonly settings: SettingsService,
    private readonly bus: EventBus,
  ) {}

  async needsSetup(): Promise<boolean> {
    return (await countUsers(this.store)) === 0;
  }

  /** Creates the first admin; refused once any user exists, so it cannot be replayed later. */
  async setup(input: ParsedInput<'auth.setup'>, client: string, actor: Actor = SYSTEM_ACTOR): Promise<SessionResult> {
    await assertAcceptablePassword(input.password, input.username, 'password');
    const passwordHash = await hashPassword(input.password);
    const row = await this.store.unit(async (tx) => {
      if ((await countUsers(tx)) > 0) {
        throw new AppError('conflict', 'GDial already has users; sign in instead', { code: 'auth.already_set_up' });
      }
      const at = now();
      const created = await insertUser(tx, {
        username: input.username,
        displayName: input.displayName,
        language: input.language,
        role: 'admin',
        passwordHash,
        createdAt: at,
        lastLoginAt: at,
      });
      await recordAudit(tx, actor.id === null ? actorOf(created) : actor, {
        action: 'auth.setup',
        target: { type: 'user', id: created.id },
        details: { username: created.username },
      });
      return created;
    });
    return { token: await this.sessions.create(row.id, client), user: toUserDto(row) };
  }

  async login(username: string, password: string, client: string): Promise<SessionResult> {
    const row = await userByUsername(this.store, username);
    if (!row) {
      await verifyPassword(password, await DUMMY_HASH_PROMISE);
      throw invalidCredentials();
    }
    if (row.lockedUntil && row.lockedUntil > now()) throw locked(row.lockedUntil);
    const good = await verifyPassword(password, row.passwordHash);
    if (!good) {
      const lockedUntil = await this.recordFailure(row.id, row.username);
      // The failure that locks says so at once, rather than on the next try.
      throw lockedUntil ? locked(lockedUntil) : invalidCredentials();
    }
    const updated = await this.store.unit(async (tx) => {
      // scrypt is async: parallel wrong guesses may have locked the account (or an admin may have
      // reset the password) while this one was being verified. Decide on the row as it is now.
      const at = now();
      const fresh = await userById(tx, row.id);
      if (!fresh || fresh.passwordHash !== row.passwordHash) throw invalidCredentials();
      if (fresh.lockedUntil && fresh.lockedUntil > at) throw locked(fresh.lockedUntil);
      if (fresh.disabled) {
        throw new AppError('forbidden', 'This account is disabled; ask an administrator', { code: 'auth.disabled' });
      }
      const u = (await recordLogin(tx, row.id, at))!;
      await recordAudit(tx, actorOf(u), { action: 'auth.login', target: { type: 'user', id: u.id } });
      return u;
    });
    return { token: await this.sessions.create(updated.id, client), user: toUserDto(updated) };
  }

  /**
   * Counts a failed sign-in; returns until when the account is locked, if it is. The count is
   * incremented by the database itself (`failed_logins + 1`) and the lock is decided in the same
   * unit, never from a row read before the async password check: 60 guesses verified in
   * parallel count as 60, not 1. A guess that lands while the account is already locked does not
   * count further (the count says how many failures led to the lock), but is audited.
   */
  private async recordFailure(id: number, username: string): Promise<number | null> {
    const { maxFailedLogins, lockoutMinutes } = this.settings.current();
    return this.store.unit(async (tx) => {
      const at = now();
      const failures = await countFailedLogin(tx, id, at);
      if (failures === undefined) {
        const current = await userById(tx, id);
          await recordAudit(tx, SYSTEM_ACTOR, {
          action: 'auth.login_failed',
          target: { type: 'user', id },
          details: { username, whileLocked: true },
        });
        return current?.lockedUntil ?? null;
      }
      const lockedUntil = failures >= maxFailedLogins ? at + lockoutMinutes * 60_000 : null;
      if (lockedUntil) await lockUser(tx, id, lockedUntil);
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: lockedUntil ? 'auth.locked' : 'auth.login_failed',
        target: { type: 'user', id },
        details: { username, failures },
      });
      return lockedUntil;
    });
  }

  resume(token: string): Promise<ResolvedSession | null> {
    return this.sessions.resolve(hashToken(token));
  }

  async logout(session: ResolvedSession): Promise<void> {
    await this.store.unit(async (tx) => {
      await this.sessions.revoke(tx, session.tokenHash);
      await recordAudit(tx, actorOf(session.user), { action: 'auth.logout', target: { type: 'user', id: session.user.id } });
    });
    this.sessions.ended([session.tokenHash], 'logout');
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
    const ended = await this.store.unit(async (tx) => {
      await changeOwnPassword(tx, session.user.id, passwordHash, now());
      await recordAudit(tx, actorOf(session.user), { action: 'auth.changePassword', target: { type: 'user', id: session.user.id } });
      // Other sessions (a forgotten login elsewhere) end; this one stays.
      return this.sessions.revokeUser(tx, session.user.id, session.tokenHash);
    });
    this.sessions.ended(ended, 'password_changed');
    this.bus.emit('session.ended', { reason: 'password_changed' }, { tokenHashes: ended });
  }

  async updateProfile(session: ResolvedSession, patch: ParsedInput<'profile.update'>): Promise<User> {
    const row = await this.store.unit(async (tx) => {
      const u = await updateUser(tx, session.user.id, patch, now());
      if (!u) throw new Error(`updateProfile: user ${session.user.id} is gone`);
      await recordAudit(tx, actorOf(session.user), { action: 'profile.update', target: { type: 'user', id: u.id }, details: patch });
      return u;
    });
    const dto = toUserDto(row);
    this.bus.emit('session.user', dto, { userId: row.id });
    return dto;
  }

  /** GDIAL_ADMIN_USER + GDIAL_ADMIN_PASSWORD on an empty database: first admin without a screen. */
  async bootstrapAdmin(username: string | undefined, password: string | undefined): Promise<boolean> {
    if (!username || !password || !(await this.needsSetup())) return false;
    // Checked only when it would create the admin: an old, weaker value left in the environment of
    // an installation that has users must not stop the engine from starting.
    const problem = await passwordProblem(password, username);
    if (problem) {
      throw new AppError('validation', `GDIAL_ADMIN_PASSWORD: ${passwordProblemMessage(problem)}`, {
        code: 'engine.bad_admin_env',
        params: { reason: problem.code },
      });
    }
    try {
      await this.setup({ username, password, displayName: username, language: this.settings.current().defaultLanguage }, 'env');
    } catch (error) {
      // Several workstations started together on one database: another one created the admin
      // between our check and our write. That is the outcome asked for, not a reason to stop.
      if (error instanceof AppError && error.code === 'auth.already_set_up') return false;
      throw error;
    }
    return true;
  }
}
