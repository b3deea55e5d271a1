/**
 * When a schedule runs. A recurring rule is read in its time zone, so its wall-clock time holds
 * across DST: "0 10 * * 1" in Europe/Stockholm is 09:00 UTC in winter and 08:00 UTC in summer.
 *
 * On the two DST change days (what the duty officer would expect of an alarm clock):
 * - A rule that names its hours names wall-clock times. A time that does not exist (02:30 on the
 *   last Sunday of March in Stockholm) runs once, at the first minute after the gap (03:00); a
 *   time that happens twice (02:30 on the last Sunday of October) runs once, at its first
 *   occurrence, so nobody is called out twice for the same scheduled test.
 * - A rule that runs in every hour ("0 * * * *", "*\/15 * * * *") follows elapsed time, as Vixie
 *   cron does: the repeated hour runs again (25 runs that day) and the missing hour has none
 *   (23) — the next run follows within the hour anyway.
 * - A 'once' rule names one wall-clock time in its zone: a time in the gap is refused when the
 *   schedule is saved, a repeated one means its first occurrence (run-at.ts).
 *
 * The search walks local days, skipping days the rule does not run on with plain calendar
 * arithmetic, and asks Intl only about days it runs on; it gives up 8 years ahead, so a rule
 * that can never run (30 February) returns nothing.
 */
import type { ScheduleRule } from '../contract';
import { compileCron, cronMatchesDay, runsEveryHour, type CronRule } from './cron';
import { instantOfOnce } from './run-at';
import { DAY, dayClock, HOUR, localParts, MINUTE, partsOfWall, resolveWall, wallOf } from './zoned-time';

export const SEARCH_YEARS = 8;
const SEARCH_DAYS = Math.ceil(SEARCH_YEARS * 365.25) + 1;

/** The runs of one local day (as a wall number), ascending. */
function runsOfDay(cron: CronRule, zone: string, dayWall: number): number[] {
  const clock = dayClock(dayWall, zone);
  const everyHour = runsEveryHour(cron);
  const out: number[] = [];
  for (const h of cron.hours) {
    for (const m of cron.minutes) {
      const wall = dayWall + h * HOUR + m * MINUTE;
      if (clock.at === null) {
        out.push(wall - clock.before);
        continue;
      }
      const { instants, gapEnd } = resolveWall(wall, clock);
      if (instants.length > 0) out.push(...(everyHour ? instants : instants.slice(0, 1)));
      else if (!everyHour && gapEnd !== null) out.push(gapEnd);
    }
  }
  if (clock.at === null) return out;
  return [...new Set(out)].sort((a, b) => a - b);
}

/** The runs of a recurring rule strictly after `afterMs`, ascending, at most 8 years ahead. */
export function* cronRunsAfter(cronText: string, zone: string, afterMs: number): Generator<number, void, undefined> {
  const cron = compileCron(cronText);
  const start = localParts(afterMs, zone);
  // From the day before: a run mapped past a gap near midnight may land on the next day.
  const firstDay = wallOf(start.year, start.month, start.day) - DAY;
  let last = afterMs;
  for (let i = 0; i <= SEARCH_DAYS + 1; i++) {
    const dayWall = firstDay + i * DAY;
    const d = partsOfWall(dayWall);
    if (!cronMatchesDay(cron, d.month, d.day, d.weekday)) continue;
    for (const t of runsOfDay(cron, zone, dayWall)) {
      if (t <= last) continue;
      last = t;
      yield t;
    }
  }
}

/**
 * The runs of any rule strictly after `afterMs`, ascending. A 'once' rule's local time is read in
 * its own zone, or in `zoneForLocalTimes` when it names none.
 */
export function* runsAfter(rule: ScheduleRule, afterMs: number, zoneForLocalTimes = 'Europe/Stockholm'): Generator<number, void, undefined> {
  if (rule.kind === 'once') {
    const at = instantOfOnce(rule, rule.timeZone || zoneForLocalTimes);
    if (at > afterMs) yield at;
    return;
  }
  yield* cronRunsAfter(rule.cron, rule.timeZone, afterMs);
}

/** Up to `count` runs strictly after `afterMs` (epoch ms, ascending); fewer when the rule ends or never runs. */
export function nextRuns(rule: ScheduleRule, afterMs: number, count: number, zoneForLocalTimes = 'Europe/Stockholm'): number[] {
  const out: number[] = [];
  if (count <= 0) return out;
  for (const t of runsAfter(rule, afterMs, zoneForLocalTimes)) {
    out.push(t);
    if (out.length >= count) break;
  }
  return out;
}
