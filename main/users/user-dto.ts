import type { User } from '../contract';
import { iso, isoOrNull } from '../db/tx';
import type { UserRow } from './users-store';

export type { UserRow };

export function toUserDto(row: UserRow, at = Date.now()): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    disabled: row.disabled,
    lockedUntil: row.lockedUntil && row.lockedUntil > at ? iso(row.lockedUntil) : null,
    failedLogins: row.failedLogins,
    language: row.language,
    colorScheme: row.colorScheme,
    createdAt: iso(row.createdAt),
    lastLoginAt: isoOrNull(row.lastLoginAt),
  };
}
