/**
 * Schedule rules as people set and read them: the form's presets (daily, weekly, own cron), a
 * one-off wall-clock time with its zone (the engine computes the instant), and a cron rule's
 * common shapes recognised so they can be said in words.
 */
import type { ScheduleRule } from '@contract';

export type RulePreset = 'daily' | 'weekly' | 'custom';

export interface RuleForm {
  kind: 'once' | 'recurring';
  /** Once: YYYY-MM-DD, read in timeZone by the engine. */
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

/**
 * A 'once' form as the engine's rule: the wall-clock date and time and the zone, nothing more.
 * The engine alone turns it into an instant (refusing a time the spring change skips, taking the
 * first of a time the autumn change repeats) and returns it; the console never computes it.
 */
function onceRule(form: RuleForm): ScheduleRule | null {
  const d = DATE.exec(form.date);
  const at = hhmm(form.time);
  const zone = form.timeZone.trim();
  if (!d || !at || !zone) return null;
  const time = `${String(at.h).padStart(2, '0')}:${String(at.m).padStart(2, '0')}`;
  return { kind: 'once', localDateTime: `${form.date}T${time}`, timeZone: zone };
}

function hhmm(time: string): { h: number; m: number } | null {
  const t = TIME.exec(time);
  return t ? { h: Number(t[1]), m: Number(t[2]) } : null;
}

/** The rule the form stands for, or null while something it needs is missing. */
export function ruleOf(form: RuleForm): ScheduleRule | null {
  if (form.kind === 'once') return onceRule(form);
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
  // The engine returns a 'once' rule's local date-time in its zone (and the instant it computed).
  if (rule.kind === 'once') {
    const local = rule.localDateTime ?? '';
    return { ...base, kind: 'once', date: local.slice(0, 10), time: local.slice(11, 16), timeZone: rule.timeZone ?? fallbackZone };
  }
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
