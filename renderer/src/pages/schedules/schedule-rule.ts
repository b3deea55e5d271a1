/**
 * Schedule rules as people set and read them: the form's presets (daily, weekly, own cron), a
 * wall-clock time in a time zone turned into the engine's UTC, and a cron rule's common shapes
 * recognised so they can be said in words.
 */
import type { ScheduleRule } from '@contract';

export type RulePreset = 'daily' | 'weekly' | 'custom';

export interface RuleForm {
  kind: 'once' | 'recurring';
  /** Once: YYYY-MM-DD, read in timeZone. */
  date: string;
  /** Once and the presets: HH:MM. */
  time: string;
  preset: RulePreset;
  /** Weekly: cron's day of week, 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Custom: five cron fields. */
  cron: string;
  timeZone: string;
}

export function emptyRuleForm(timeZone: string): RuleForm {
  return { kind: 'recurring', date: '', time: '10:00', preset: 'weekly', weekday: 1, cron: '0 10 * * 1', timeZone };
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The zone's offset from UTC at an instant, in ms (Intl knows every IANA zone's history). */
function offsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - utcMs;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A date and time on the wall clock of `timeZone` as a UTC ISO instant; null when incomplete. */
export function zonedToUtc(date: string, time: string, timeZone: string): string | null {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t || !isTimeZone(timeZone)) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(wall)) return null;
  // Twice: the first guess may sit on the other side of a daylight-saving change.
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone)).toISOString();
}

/** A UTC instant on the wall clock of `timeZone`: the once-form's date and time. */
export function utcToZoned(iso: string, timeZone: string): { date: string; time: string } {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || !isTimeZone(timeZone)) return { date: '', time: '' };
  const wall = new Date(ms + offsetMs(ms, timeZone)).toISOString();
  return { date: wall.slice(0, 10), time: wall.slice(11, 16) };
}

function hhmm(time: string): { h: number; m: number } | null {
  const t = TIME.exec(time);
  return t ? { h: Number(t[1]), m: Number(t[2]) } : null;
}

/** The rule the form stands for, or null while something it needs is missing. */
export function ruleOf(form: RuleForm): ScheduleRule | null {
  if (form.kind === 'once') {
    const runAt = zonedToUtc(form.date, form.time, form.timeZone);
    return runAt ? { kind: 'once', runAt } : null;
  }
  const zone = form.timeZone.trim();
  if (form.preset === 'custom') {
    const cron = form.cron.trim().replace(/\s+/g, ' ');
    return cron && zone ? { kind: 'recurring', cron, timeZone: zone } : null;
  }
  const at = hhmm(form.time);
  if (!at || !zone) return null;
  const dow = form.preset === 'weekly' ? String(form.weekday) : '*';
  return { kind: 'recurring', cron: `${at.m} ${at.h} * * ${dow}`, timeZone: zone };
}

/** A saved rule back into the form: the presets when the cron has their shape, else custom. */
export function formOf(rule: ScheduleRule, fallbackZone: string): RuleForm {
  const base = emptyRuleForm(fallbackZone);
  if (rule.kind === 'once') return { ...base, kind: 'once', ...utcToZoned(rule.runAt, fallbackZone) };
  const shape = cronShape(rule.cron);
  const withZone = { ...base, timeZone: rule.timeZone, cron: rule.cron };
  if (shape?.kind === 'daily') return { ...withZone, preset: 'daily', time: shape.time };
  if (shape?.kind === 'weekly' && shape.days.length === 1) return { ...withZone, preset: 'weekly', time: shape.time, weekday: shape.days[0] ?? 1 };
  return { ...withZone, preset: 'custom' };
}

export type CronShape =
  | { kind: 'daily'; time: string }
  | { kind: 'weekdays'; time: string }
  | { kind: 'weekly'; days: number[]; time: string }
  | { kind: 'monthly'; day: number; time: string }
  | { kind: 'hourly'; minute: number };

const NUMBER = /^\d{1,2}$/;

function clock(minute: string, hour: string): string | null {
  if (!NUMBER.test(minute) || !NUMBER.test(hour)) return null;
  const m = Number(minute);
  const h = Number(hour);
  if (m > 59 || h > 23) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Days of week from a cron field of single days and lists ("1", "1,4", "7" = Sunday); null otherwise. */
function daysOf(field: string): number[] | null {
  const days = field.split(',');
  if (!days.every((d) => /^[0-7]$/.test(d))) return null;
  return [...new Set(days.map((d) => Number(d) % 7))].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
}

/** The common cron shapes an operator writes; null for anything else (shown as the cron text). */
export function cronShape(cron: string): CronShape | null {
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return null;
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = f;
  if (month !== '*') return null;
  if (hour === '*' && dom === '*' && dow === '*' && NUMBER.test(minute) && Number(minute) < 60) return { kind: 'hourly', minute: Number(minute) };
  const time = clock(minute, hour);
  if (!time) return null;
  if (dom === '*' && dow === '*') return { kind: 'daily', time };
  if (dom === '*' && dow === '1-5') return { kind: 'weekdays', time };
  if (dom === '*') {
    const days = daysOf(dow);
    return days ? { kind: 'weekly', days, time } : null;
  }
  if (dow === '*' && NUMBER.test(dom) && Number(dom) >= 1 && Number(dom) <= 31) return { kind: 'monthly', day: Number(dom), time };
  return null;
}

/** Monday first, as Swedish calendars are: cron's day numbers in the order a week is read. */
export const WEEKDAYS_MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0] as const;

/** A weekday's name in the language (cron numbering, 0 = Sunday). */
export function weekdayName(day: number, language: string): string {
  // 7 January 2024 was a Sunday.
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 7 + (day % 7))),
  );
}
