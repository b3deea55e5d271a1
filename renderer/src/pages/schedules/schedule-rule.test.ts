import { describe, expect, it } from 'vitest';
import { cronShape, emptyRuleForm, formOf, ruleOf, utcToZoned, weekdayName, zonedToUtc } from './schedule-rule';

describe('schedule rules', () => {
  it('reads a wall-clock time in the zone, across daylight saving', () => {
    expect(zonedToUtc('2026-01-12', '10:00', 'Europe/Stockholm')).toBe('2026-01-12T09:00:00.000Z');
    expect(zonedToUtc('2026-07-13', '10:00', 'Europe/Stockholm')).toBe('2026-07-13T08:00:00.000Z');
    expect(zonedToUtc('2026-07-13', '10:00', 'UTC')).toBe('2026-07-13T10:00:00.000Z');
    expect(zonedToUtc('2026-07-13', '', 'Europe/Stockholm')).toBeNull();
    expect(zonedToUtc('2026-07-13', '10:00', 'Nowhere/Atlantis')).toBeNull();
    expect(utcToZoned('2026-07-13T08:00:00.000Z', 'Europe/Stockholm')).toEqual({ date: '2026-07-13', time: '10:00' });
  });

  it('turns the presets into cron, and a saved cron of their shape back into the preset', () => {
    const weekly = { ...emptyRuleForm('Europe/Stockholm'), preset: 'weekly' as const, weekday: 1, time: '10:00' };
    expect(ruleOf(weekly)).toEqual({ kind: 'recurring', cron: '0 10 * * 1', timeZone: 'Europe/Stockholm' });
    expect(ruleOf({ ...weekly, preset: 'daily', time: '07:30' })).toEqual({ kind: 'recurring', cron: '30 7 * * *', timeZone: 'Europe/Stockholm' });
    expect(ruleOf({ ...weekly, preset: 'custom', cron: '  0  8 1 * * ' })).toMatchObject({ cron: '0 8 1 * *' });
    expect(ruleOf({ ...weekly, time: '25:00' })).toBeNull();
    expect(formOf({ kind: 'recurring', cron: '0 10 * * 1', timeZone: 'UTC' }, 'Europe/Stockholm')).toMatchObject({ preset: 'weekly', weekday: 1, time: '10:00', timeZone: 'UTC' });
    expect(formOf({ kind: 'recurring', cron: '0 10 * * 1-5', timeZone: 'UTC' }, 'UTC')).toMatchObject({ preset: 'custom', cron: '0 10 * * 1-5' });
    expect(formOf({ kind: 'once', runAt: '2026-01-12T09:00:00.000Z' }, 'Europe/Stockholm')).toMatchObject({ kind: 'once', date: '2026-01-12', time: '10:00' });
  });

  it('recognises the common cron shapes and nothing else', () => {
    expect(cronShape('0 10 * * 1')).toEqual({ kind: 'weekly', days: [1], time: '10:00' });
    expect(cronShape('0 10 * * 7,4')).toEqual({ kind: 'weekly', days: [4, 0], time: '10:00' });
    expect(cronShape('15 6 * * *')).toEqual({ kind: 'daily', time: '06:15' });
    expect(cronShape('0 8 * * 1-5')).toEqual({ kind: 'weekdays', time: '08:00' });
    expect(cronShape('0 8 1 * *')).toEqual({ kind: 'monthly', day: 1, time: '08:00' });
    expect(cronShape('5 * * * *')).toEqual({ kind: 'hourly', minute: 5 });
    expect(cronShape('*/15 * * * *')).toBeNull();
    expect(cronShape('0 10 * 1 1')).toBeNull();
    expect(cronShape('0 10 * *')).toBeNull();
  });

  it('names weekdays in the language', () => {
    expect(weekdayName(1, 'sv')).toBe('måndag');
    expect(weekdayName(0, 'en')).toBe('Sunday');
    expect(weekdayName(7, 'sv')).toBe('söndag');
  });
});
