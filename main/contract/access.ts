/**
 * Who may do what, from the method table: the router enforces it and the console asks the same
 * question to decide which pages and buttons to show. No other copy of a role rule exists.
 */
import type { Role } from './common';
import { methods, type Access, type MethodName } from './methods';

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether `role` meets the access level `access`. */
export function allows(access: Access, role: Role): boolean {
  return access === 'public' || RANK[role] >= RANK[access];
}

/**
 * Rules finer than one method's access level, checked by the engine inside the method and
 * asked by the console under the same name.
 */
export const abilities = {
  /** Call and SMS logs are bulk phone-number data: only admins export them (an alert's report: any operator). */
  'logs.export': 'admin',
  /** Erasing the record of an alert that was not launched as a burn message. */
  'alerts.burnAny': 'admin',
} as const satisfies Record<string, Access>;
export type AbilityName = keyof typeof abilities;

/** Whether a user with `role` may call method or use ability `what`. */
export function may(role: Role | null | undefined, what: MethodName | AbilityName): boolean {
  const access: Access = Object.hasOwn(abilities, what) ? abilities[what as AbilityName] : methods[what as MethodName].access;
  if (access === 'public') return true;
  return role != null && allows(access, role);
}
