/** A schedule's rule in words: "Varje måndag 10:00 (Europe/Stockholm)"; a cron nobody can say simply stays cron. */
import type { TFunction } from 'i18next';
import type { ScheduleRule, ScheduleRun } from '@contract';
import { formatRunTime } from '../../i18n/format';
import { cronShape, weekdayName } from './schedule-rule';

function listOf(items: string[], language: string): string {
  return new Intl.ListFormat(language === 'en' ? 'en-GB' : 'sv-SE', { style: 'long', type: 'conjunction' }).format(items);
}

export function ruleText(t: TFunction, rule: ScheduleRule, language: string): string {
  // The instant the engine computed, on the wall clock of the rule's own zone, with the zone named.
  if (rule.kind === 'once') return t('schedules.rule.once', { at: `${formatRunTime(rule.runAt ?? '', language, rule.timeZone)} (${rule.timeZone ?? ''})` });
  const shape = cronShape(rule.cron);
  let words: string;
  switch (shape?.kind) {
    case 'daily':
      words = t('schedules.rule.daily', { time: shape.time });
      break;
    case 'weekdays':
      words = t('schedules.rule.weekdays', { time: shape.time });
      break;
    case 'weekly':
      words = t('schedules.rule.weekly', { days: listOf(shape.days.map((d) => weekdayName(d, language)), language), time: shape.time });
      break;
    case 'monthly':
      words = t('schedules.rule.monthly', { day: shape.day, time: shape.time });
      break;
    case 'hourly':
      words = t('schedules.rule.hourly', { minute: String(shape.minute).padStart(2, '0') });
      break;
    default:
      words = t('schedules.rule.cron', { cron: rule.cron });
  }
  return `${words} (${rule.timeZone})`;
}

export function runOutcomeText(t: TFunction, outcome: ScheduleRun['outcome']): string {
  return t(`schedules.outcomes.${outcome}`);
}
