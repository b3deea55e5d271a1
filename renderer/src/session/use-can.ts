/**
 * "May I call X?" for the signed-in user, from the contract's method table (and its named finer
 * rules). The console decides which pages and buttons to show with this, never with its own
 * role checks; decisions that depend on one object come as flags on the engine's data
 * (e.g. an alert's `can.canBurn`).
 */
import { may, type AbilityName, type MethodName } from '@contract';
import { useSession } from './session-context';

export type Capability = MethodName | AbilityName;

export function useCan(what: Capability): boolean {
  return may(useSession().user?.role, what);
}
