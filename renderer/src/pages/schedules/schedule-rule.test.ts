import { describe, expect, it } from 'vitest';
import { cronShape, emptyRuleForm, formOf, ruleOf, weekdayName } from './schedule-rule';

describe('schedule rules', () => {
  it('sends a one-off time as the wall clock and its zone; the engine computes the instant', () => {
    const once = { ...emptyRuleForm('Europe/Stockholm'), kind: 'once' as const, date: '2027-03-28', time: '2:30' };
    expect(ruleOf(once)).toEqual({ kind: 'once', localDateTime: '2027-03-28T02:30', timeZone: 'Europe/Stockholm' });
    expect(ruleOf({ ...once, timeZone: 'America/New_York' })).toEqual({ kind: 'once', localDateTime: '2027-03-28T02:30', timeZone: 'America/New_York' });
    expect(ruleOf({ ...once, time: '' })).toBeNull();
    expect(ruleOf({ ...once, date: '28/3' })).toBeNull();
    // Back from the engine: its local time and zone, whatever the settings' zone is.
    const saved = { kind: 'once' as const, localDateTime: '2027-10-31T02:30', timeZone: 'Europe/Stockholm', runAt: '2027-10-31T00:30:00.000Z' };
    expect(formOf(saved, 'UTC')).toMatchObject({ kind: 'once', date: '2027-10-31', time: '02:30', timeZone: 'Europe/Stockholm' });
  });

  it('turns the presets into cron, and a saved cron of their shape back into the preset', () => {
    const weekly = { ...emptyRuleForm('Europe/Stockholm'), preset: 'weekly' as const, weekday: 1, time: '10:00' };
    expect(ruleOf(weekly)).toEqual({ kind: 'recurring', cron: '0 10 * * 1', timeZone: 'Europe/Stockholm' });
    expect(ruleOf({ ...weekly, preset: 'daily', time: '07:30' })).toEqual({ kind: 'recurring', cron: '30 7 * * *', timeZone: 'Europe/Stockholm' });
    expect(ruleOf({ ...weekly, preset: 'custom', cron: '  0  8 1 * * ' })).toMatchObject({ cron: '0 8 1 * *' });
    expect(ruleOf({ ...weekly, time: '25:00' })).toBeNull();
    expect(formOf({ kind: 'recurring', cron: '0 10 * * 1', timeZone: 'UTC' }, 'Europe/Stockholm')).toMatchObject({ preset: 'weekly', weekday: 1, time: '10:00', timeZone: 'UTC' });
    expect(formOf({ kind: 'recurring', cron: '0 10 * * 1-5', timeZone: 'UTC' }, 'UTC')).toMatchObject({ preset: 'custom', cron: '0 10 * * 1-5' });
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
