/** The time of a 'once' rule: ISO with an offset, or a local date and time read in a zone. */
import { AppError } from '../errors';
import { HOUR, instantOfLocal, MINUTE, partsOfWall, wallOf } from './zoned-time';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function runAtError(message: string): AppError {
  return new AppError('validation', `runAt: ${message}`, { code: 'schedules.invalid_run_at', fields: [{ path: 'rule.runAt', message }] });
}

function offsetMs(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const ms = Number(digits.slice(0, 2)) * HOUR + Number(digits.slice(2) || 0) * MINUTE;
  return text.startsWith('-') ? -ms : ms;
}

/**
 * Epoch ms of `text`. "2026-05-04T10:00" (no offset) is wall-clock time in `zone`: a time that
 * does not exist that day is read as the first minute after the DST gap, a repeated one as its
 * first occurrence (as for recurring rules).
 */
export function parseRunAt(text: string, zone: string): number {
  const m = ISO.exec(text.trim());
  if (!m) throw runAtError(`"${text}" is not a date and time (e.g. 2026-05-04T10:00 or 2026-05-04T08:00:00Z)`);
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = m[6] ? Number(m[6]) : 0;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const wall = wallOf(year, month, day, hour, minute, second);
  const back = partsOfWall(wall);
  // Date.UTC rolls 30 February over into March; a typo must not become another day.
  if (back.year !== year || back.month !== month || back.day !== day || back.hour !== hour || back.minute !== minute || back.second !== second) {
    throw runAtError(`"${text}" is not a date and time that exists`);
  }
  if (m[8]) return wall - offsetMs(m[8]) + millis;
  return instantOfLocal({ year, month, day, hour, minute, second }, zone) + millis;
}
