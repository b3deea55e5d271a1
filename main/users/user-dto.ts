import type { User } from '../contract';
import type { users } from '../db/schema';
import { iso, isoOrNull } from '../db/tx';

export type UserRow = typeof users.$inferSelect;

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
