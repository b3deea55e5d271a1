/**
 * Which contract methods the REST API serves, and how. A key is never an administrator and never
 * a person: sign-in, one's own profile, secrets, keys and users stay with the console.
 */
import { methodNames, methods, type MethodName } from '../../contract';

const CONSOLE_ONLY_DOMAINS = new Set(['auth', 'profile', 'secrets', 'apiKeys', 'users']);
/** The two-person rule lets a large alert go on a second person's word: never a program's. */
const PERSON_ONLY_METHODS = new Set<string>(['alerts.approve']);

export const domainOf = (method: string) => method.slice(0, method.indexOf('.'));

/** Served over REST: neither public nor admin-only, not of the console's own domains, and not a person's approval. */
export function restExposed(method: string): method is MethodName {
  if (!Object.hasOwn(methods, method)) return false;
  const { access } = methods[method as MethodName];
  return access !== 'public' && access !== 'admin' && !CONSOLE_ONLY_DOMAINS.has(domainOf(method)) && !PERSON_ONLY_METHODS.has(method);
}

export const restMethods: readonly MethodName[] = methodNames.filter(restExposed);

export const restPath = (method: MethodName) => `/api/v1/${method.replace('.', '/')}`;

/**
 * GET is for reads that need no input (lists, status): viewer methods whose input may be empty.
 * Everything that changes something takes POST, whatever its input.
 */
export function allowsGet(method: MethodName): boolean {
  const def = methods[method];
  return def.access === 'viewer' && def.input.safeParse({}).success;
}

/** `domain.verb`, `domain.*` or `metrics` (apiMethodPatternSchema): whether the pattern names this method. */
export function patternMatches(pattern: string, method: string): boolean {
  if (pattern === method) return true;
  return pattern.endsWith('.*') && domainOf(method) === pattern.slice(0, -2);
}

/** An allowlist: empty allows every method the role allows (but not /metrics, which must be named). */
export function allowlistPermits(patterns: readonly string[], method: string): boolean {
  if (method === 'metrics') return patterns.includes('metrics');
  return patterns.length === 0 || patterns.some((p) => patternMatches(p, method));
}

/** Whether a pattern names anything the REST API serves (a typo would otherwise allow nothing, silently). */
export const patternUseful = (pattern: string) => pattern === 'metrics' || restMethods.some((m) => patternMatches(pattern, m));
