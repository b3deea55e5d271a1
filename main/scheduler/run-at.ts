/**
 * The time of a 'once' rule. The console sends a wall-clock date and time and its zone; the
 * engine alone turns it into the UTC instant (and returns it), so the console and the engine
 * cannot disagree on a daylight-saving change day:
 *
 * - a local time that does not exist (the spring-forward gap, e.g. 02:30 on the last Sunday of
 *   March in Stockholm) is refused, naming the field, rather than silently moved;
 * - a local time that happens twice (the autumn hour, e.g. 02:30 on the last Sunday of October)
 *   means its FIRST occurrence, while summer time still holds (02:30 +02:00 in Stockholm).
 *
 * An instant written with an offset (`runAt: 2027-03-28T08:00:00Z`) is taken as it is.
 */
import type { ScheduleRule } from '../contract';
import { AppError } from '../errors';
import { HOUR, instantsOf, localParts, MINUTE, partsOfWall, wallOf } from './zoned-time';

type OnceRule = Extract<ScheduleRule, { kind: 'once' }>;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function runAtError(message: string, path: 'rule.runAt' | 'rule.localDateTime' = 'rule.runAt', code = 'schedules.invalid_run_at', params: Record<string, string> = {}): AppError {
  return new AppError('validation', `${path.slice(5)}: ${message}`, { code, params, fields: [{ path, message }] });
}

function offsetMs(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const ms = Number(digits.slice(0, 2)) * HOUR + Number(digits.slice(2) || 0) * MINUTE;
  return text.startsWith('-') ? -ms : ms;
}

/**
 * Epoch ms of `text`: with an offset, that instant; without one, wall-clock time in `zone`
 * under the rules above (refused in a gap, first occurrence in an overlap).
 */
export function parseRunAt(text: string, zone: string, path: 'rule.runAt' | 'rule.localDateTime' = 'rule.runAt'): number {
  const m = ISO.exec(text.trim());
  if (!m) throw runAtError(`"${text}" is not a date and time (e.g. 2026-05-04T10:00 or 2026-05-04T08:00:00Z)`, path);
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = m[6] ? Number(m[6]) : 0;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const wall = wallOf(year, month, day, hour, minute, second);
  const back = partsOfWall(wall);
  // Date.UTC rolls 30 February over into March; a typo must not become another day.
  if (back.year !== year || back.month !== month || back.day !== day || back.hour !== hour || back.minute !== minute || back.second !== second) {
    throw runAtError(`"${text}" is not a date and time that exists`, path);
  }
  if (m[8]) return wall - offsetMs(m[8]) + millis;
  const instants = instantsOf({ year, month, day, hour, minute, second }, zone);
  if (instants.length === 0) {
    const message = `${text.trim()} does not exist in ${zone}: the clocks move forward over it that night; choose a time after the change`;
    throw runAtError(message, path, 'schedules.nonexistent_local_time', { localDateTime: text.trim(), timeZone: zone });
  }
  return instants[0]! + millis;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as wall-clock time in `zone`, minutes precision: 2027-03-28T10:00. */
export function localDateTimeOf(ms: number, zone: string): string {
  const l = localParts(ms, zone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}`;
}

/**
 * The instant a 'once' rule names: `runAt` when it is there (the engine's own, to the
 * millisecond), else its local date-time read in its zone (what the console sends).
 */
export function instantOfOnce(rule: OnceRule, zone: string): number {
  if (rule.runAt) return parseRunAt(rule.runAt, zone);
  if (rule.localDateTime) return parseRunAt(rule.localDateTime, zone, 'rule.localDateTime');
  throw runAtError('choose a date and time', 'rule.localDateTime', 'schedules.run_at_required');
}
