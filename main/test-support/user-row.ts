/** A user row for tests of transports that need a signed-in session but no database. */
import type { UserRow } from '../users/user-dto';

export const TEST_USER: UserRow = {
  id: 7,
  username: 'vera',
  displayName: 'Vera',
  role: 'viewer',
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
