/**
 * Wall-clock time in an IANA zone ↔ UTC instants, with nothing but Intl.DateTimeFormat.
 * A wall-clock time is written as a "wall number": the epoch ms it would be if the zone were UTC
 * (Date.UTC(y, m - 1, d, h, mi)), so calendar arithmetic stays plain integer arithmetic.
 */
import { AppError } from '../errors';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0–6, Sunday 0. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      const message = `"${zone}" is not a time zone this computer knows (e.g. Europe/Stockholm)`;
      throw new AppError('validation', message, { code: 'schedules.invalid_time_zone', params: { zone }, fields: [{ path: 'rule.timeZone', message }] });
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's canonical IANA name ("europe/stockholm" → "Europe/Stockholm"); throws a validation error naming rule.timeZone. */
export function checkTimeZone(zone: string): string {
  return formatterFor(zone).resolvedOptions().timeZone;
}

/** The wall number of a calendar time (month 1–12). */
export const wallOf = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) =>
  Date.UTC(year, month - 1, day, hour, minute, second);

export function partsOfWall(wall: number): LocalParts {
  const d = new Date(wall);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** The local wall-clock time of an instant in `zone`. */
export function localParts(ms: number, zone: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return partsOfWall(wallOf(p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!));
}

/** The zone's UTC offset at an instant, in ms (Stockholm in summer: +2 h). */
export function offsetAt(ms: number, zone: string): number {
  const l = localParts(ms, zone);
  return wallOf(l.year, l.month, l.day, l.hour, l.minute, l.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The offsets around one local day: `before` until the instant `at`, `after` from it; `at` is
 * null when the offset does not change. The window probed (52 h around the day) is wider than
 * any local day, and no zone changes its offset twice within it.
 */
export interface DayClock {
  before: number;
  after: number;
  at: number | null;
}

export function dayClock(dayWall: number, zone: string): DayClock {
  // Offsets run from −12 h to +14 h: the local day lies inside these instants.
  let lo = dayWall - 15 * HOUR;
  let hi = dayWall + DAY + 13 * HOUR;
  const before = offsetAt(lo, zone);
  const after = offsetAt(hi, zone);
  if (before === after) return { before, after, at: null };
  // The first minute with the new offset: invariant offsetAt(lo) = before, offsetAt(hi) = after.
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return { before, after, at: hi };
}

/**
 * The instants a wall-clock time names under `clock`: none in a spring-forward gap, two in a
 * fall-back overlap (ascending), otherwise one. `gapEnd` is, for a time in a gap, the first
 * whole local minute after the gap.
 */
export function resolveWall(wall: number, clock: DayClock): { instants: number[]; gapEnd: number | null } {
  if (clock.at === null) return { instants: [wall - clock.before], gapEnd: null };
  const early = wall - clock.before;
  const late = wall - clock.after;
  const instants = [early < clock.at ? early : null, late >= clock.at ? late : null].filter((t): t is number => t !== null);
  if (instants.length > 0) return { instants: [...new Set(instants)].sort((a, b) => a - b), gapEnd: null };
  const wallAtGapEnd = Math.ceil((clock.at + clock.after) / MINUTE) * MINUTE;
  return { instants: [], gapEnd: wallAtGapEnd - clock.after };
}

/** The instant(s) of a local wall-clock time in `zone` (none in a gap, two in an overlap). */
export function instantsOf(local: { year: number; month: number; day: number; hour: number; minute: number; second?: number }, zone: string): number[] {
  const clock = dayClock(wallOf(local.year, local.month, local.day), zone);
  return resolveWall(wallOf(local.year, local.month, local.day, local.hour, local.minute, local.second ?? 0), clock).instants;
}

/**
 * One instant for a local time: the first occurrence of a repeated time, and for a time that
 * does not exist, the first minute after the gap (the rule next-runs.ts applies to fixed times).
 */
export function instantOfLocal(local: { year: number; month: number; day: number; hour: number; minute: number; second?: number }, zone: string): number {
  const clock = dayClock(wallOf(local.year, local.month, local.day), zone);
  const { instants, gapEnd } = resolveWall(wallOf(local.year, local.month, local.day, local.hour, local.minute, local.second ?? 0), clock);
  return instants[0] ?? gapEnd!;
}
