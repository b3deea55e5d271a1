/**
 * Five-field cron rules (minute hour day-of-month month day-of-week), read the classic way:
 * `*`, numbers, ranges `a-b`, lists `a,b`, steps `*\/n`, `a-b/n` and `a/n` (a to the field's end),
 * month names jan–dec and weekday names sun–sat in any case, 0 and 7 both Sunday. As in Vixie
 * cron, when both day fields are restricted a day matching either runs; a day field that starts
 * with `*` (also `*\/2`) counts as unrestricted, and then a day must match both.
 */
import { AppError } from '../errors';

export interface CronRule {
  /** Sorted, unique. */
  readonly minutes: readonly number[];
  /** Sorted, unique. */
  readonly hours: readonly number[];
  /** Indexed by value: daysOfMonth[1..31], months[1..12], daysOfWeek[0..6] (Sunday 0). */
  readonly daysOfMonth: readonly boolean[];
  readonly months: readonly boolean[];
  readonly daysOfWeek: readonly boolean[];
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
  /** The rule as written, whitespace collapsed. */
  readonly text: string;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Index of names[0]. */
  namesFrom?: number;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], namesFrom: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], namesFrom: 0 },
];

export function cronError(message: string, field?: string): AppError {
  return new AppError('validation', message, {
    code: 'schedules.invalid_cron',
    params: field ? { field } : {},
    fields: [{ path: 'rule.cron', message }],
  });
}

function value(text: string, spec: FieldSpec): number {
  const fail = (why: string) => cronError(`${spec.name}: ${why}`, spec.name);
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < spec.min || n > spec.max) throw fail(`${text} is out of range ${spec.min}–${spec.max}`);
    return n;
  }
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + (spec.namesFrom ?? 0);
  if (spec.names) throw fail(`"${text}" is neither a number nor a name (${spec.names[0]}–${spec.names.at(-1)})`);
  throw fail(`"${text}" is not a number`);
}

/** The values one comma-separated item stands for, within [min, max]. */
function item(text: string, spec: FieldSpec): number[] {
  const fail = (why: string) => cronError(`${spec.name}: ${why}`, spec.name);
  if (text === '') throw fail('empty item in a list');
  const [range, stepText, extra] = text.split('/');
  if (extra !== undefined) throw fail(`"${text}" has more than one step`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText)) throw fail(`step "${stepText}" is not a number`);
    step = Number(stepText);
    if (step < 1) throw fail('a step must be at least 1');
  }
  let from: number;
  let to: number;
  if (range === '*') {
    [from, to] = [spec.min, spec.max];
  } else if (range!.includes('-')) {
    const [a, b, more] = range!.split('-');
    if (more !== undefined || !a || !b) throw fail(`"${range}" is not a range a-b`);
    [from, to] = [value(a, spec), value(b, spec)];
    if (from > to) throw fail(`range ${range} runs backwards`);
  } else {
    from = value(range!, spec);
    // `a/n` means from a to the end of the field, stepping n (as cronie reads it).
    to = stepText === undefined ? from : spec.max;
  }
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

function field(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) for (const v of item(part, spec)) values.add(v);
  return [...values].sort((a, b) => a - b);
}

function mask(values: number[], size: number): boolean[] {
  const out = new Array<boolean>(size).fill(false);
  for (const v of values) out[v] = true;
  return out;
}

export function parseCron(rule: string): CronRule {
  const parts = rule.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 5) {
    throw cronError(`expected five fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  }
  const [minute, hour, dom, month, dow] = parts as [string, string, string, string, string];
  const weekdays = field(dow, FIELDS[4]!).map((d) => (d === 7 ? 0 : d));
  return {
    minutes: field(minute, FIELDS[0]!),
    hours: field(hour, FIELDS[1]!),
    daysOfMonth: mask(field(dom, FIELDS[2]!), 32),
    months: mask(field(month, FIELDS[3]!), 13),
    daysOfWeek: mask(weekdays, 7),
    domRestricted: !dom.startsWith('*'),
    dowRestricted: !dow.startsWith('*'),
    text: parts.join(' '),
  };
}

const cache = new Map<string, CronRule>();

/** parseCron with a small cache: the runner and the list re-read the same few rules. */
export function compileCron(rule: string): CronRule {
  let parsed = cache.get(rule);
  if (!parsed) {
    parsed = parseCron(rule);
    if (cache.size > 200) cache.clear();
    cache.set(rule, parsed);
  }
  return parsed;
}

/** Whether a calendar day (month 1–12, day 1–31, weekday 0–6 with Sunday 0) is a day the rule runs. */
export function cronMatchesDay(rule: CronRule, month: number, day: number, weekday: number): boolean {
  if (!rule.months[month]) return false;
  const byDom = rule.daysOfMonth[day] === true;
  const byDow = rule.daysOfWeek[weekday] === true;
  return rule.domRestricted && rule.dowRestricted ? byDom || byDow : byDom && byDow;
}

/** Whether a local wall-clock minute matches every field of the rule. */
export function cronMatches(rule: CronRule, t: { month: number; day: number; weekday: number; hour: number; minute: number }): boolean {
  return cronMatchesDay(rule, t.month, t.day, t.weekday) && rule.hours.includes(t.hour) && rule.minutes.includes(t.minute);
}

/** A rule that runs in every hour of the day follows elapsed time across DST (see next-runs.ts). */
export const runsEveryHour = (rule: CronRule) => rule.hours.length === 24;
