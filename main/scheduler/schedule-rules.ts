/** A schedule's rule checked and normalized, and its row columns both ways. */
import type { ScheduleRule } from '../contract';
import { iso } from '../db/tx';
import { AppError } from '../errors';
import { compileCron } from './cron';
import { nextRuns, SEARCH_YEARS } from './next-runs';
import { instantOfOnce, localDateTimeOf, runAtError } from './run-at';
import { checkTimeZone } from './zoned-time';

export interface RuleColumns {
  kind: 'once' | 'recurring';
  runAt: number | null;
  cron: string | null;
  timeZone: string;
}

/**
 * The rule as stored and shown: a 'once' time in UTC ISO, a cron rule with its whitespace
 * collapsed, the zone's canonical name. Throws a validation error naming the field when the rule
 * is malformed, when a 'once' time has passed, or when a recurring rule never runs.
 */
export function normalizeRule(rule: ScheduleRule, now: number, defaultTimeZone: string): { rule: ScheduleRule; columns: RuleColumns } {
  if (rule.kind === 'once') {
    const zone = checkTimeZone(rule.timeZone || defaultTimeZone);
    const at = instantOfOnce(rule, zone);
    const field = rule.runAt ? 'rule.runAt' : 'rule.localDateTime';
    if (at <= now) throw runAtError(`${localDateTimeOf(at, zone)} (${zone}) has already passed; choose a time in the future`, field, 'schedules.run_at_passed');
    return { rule: onceRule(at, zone), columns: { kind: 'once', runAt: at, cron: null, timeZone: zone } };
  }
  const timeZone = checkTimeZone(rule.timeZone || defaultTimeZone);
  const cron = compileCron(rule.cron).text;
  const normalized: ScheduleRule = { kind: 'recurring', cron, timeZone };
  if (nextRuns(normalized, now, 1).length === 0) {
    const message = `never runs in the next ${SEARCH_YEARS} years (a day that does not exist, such as 30 February?)`;
    throw new AppError('validation', `cron: ${message}`, { code: 'schedules.never_runs', fields: [{ path: 'rule.cron', message }] });
  }
  return { rule: normalized, columns: { kind: 'recurring', runAt: null, cron, timeZone } };
}

/** A 'once' rule as the engine returns it: the local time in its zone and the instant it computed. */
function onceRule(at: number, zone: string): ScheduleRule {
  return { kind: 'once', localDateTime: localDateTimeOf(at, zone), timeZone: zone, runAt: iso(at) };
}

export function ruleOfRow(row: { kind: string; runAt: number | null; cron: string | null; timeZone: string }): ScheduleRule {
  return row.kind === 'once' ? onceRule(row.runAt ?? 0, row.timeZone) : { kind: 'recurring', cron: row.cron ?? '', timeZone: row.timeZone };
}
