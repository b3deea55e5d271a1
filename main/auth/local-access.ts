/**
 * Local administration (the admin CLI) talks to a running engine with a per-launch token kept in
 * the engine's lock file, which only the OS user running GDial can read: whoever can read it can
 * read the database anyway. It acts as an administrator named "cli" in the audit log.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../audit/audit-log';
import type { UserRow } from '../users/user-dto';
import { hashToken, type ResolvedSession } from './sessions';

export const LOCAL_ACTOR: Actor = { id: null, name: 'cli' };

export class LocalAccess {
  readonly token = randomBytes(32).toString('base64url');
  readonly tokenHash = hashToken(this.token);
  private readonly session: ResolvedSession;

  constructor() {
    const user: UserRow = {
      id: 0,
      username: 'cli',
      displayName: 'Local administration',
      role: 'admin',
      passwordHash: '',
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      language: 'sv',
      colorScheme: 'auto',
      lastLoginAt: null,
      createdAt: 0,
      updatedAt: 0,
    };
    this.session = { tokenHash: this.tokenHash, user, actor: LOCAL_ACTOR };
  }

  matches(token: string): boolean {
    const a = Buffer.from(hashToken(token));
    const b = Buffer.from(this.tokenHash);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  resolve(tokenHash: string): ResolvedSession | null {
    return tokenHash === this.tokenHash ? this.session : null;
  }
}
