import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { cronMatches, parseCron } from './cron';

const days = (mask: readonly boolean[]) => mask.flatMap((on, i) => (on ? [i] : []));

describe('parseCron', () => {
  it.each([
    ['0 10 * * 1', { minutes: [0], hours: [10], weekdays: [1] }],
    ['*/15 * * * *', { minutes: [0, 15, 30, 45], hours: Array.from({ length: 24 }, (_, i) => i) }],
    ['5-20/5 8-10 * * *', { minutes: [5, 10, 15, 20], hours: [8, 9, 10] }],
    ['0,30 6,18 * * *', { minutes: [0, 30], hours: [6, 18] }],
    ['0 9 * * mon-fri', { weekdays: [1, 2, 3, 4, 5] }],
    ['0 9 * * SAT,Sun', { weekdays: [0, 6] }],
    ['0 9 * * 7', { weekdays: [0] }],
    ['0 9 * * 5-7', { weekdays: [0, 5, 6] }],
    ['0 9 * * */2', { weekdays: [0, 2, 4, 6] }],
    ['0 0 1 jan,JUL *', { months: [1, 7] }],
    ['0 0 1 */3 *', { months: [1, 4, 7, 10] }],
    ['10/20 * * * *', { minutes: [10, 30, 50] }],
    ['0 0 29 2 *', { dom: [29], months: [2] }],
  ])('%s', (rule, expected) => {
    const c = parseCron(rule);
    if ('minutes' in expected) expect(c.minutes).toEqual(expected.minutes);
    if ('hours' in expected) expect(c.hours).toEqual(expected.hours);
    if ('weekdays' in expected) expect(days(c.daysOfWeek)).toEqual(expected.weekdays);
    if ('months' in expected) expect(days(c.months)).toEqual(expected.months);
    if ('dom' in expected) expect(days(c.daysOfMonth)).toEqual(expected.dom);
  });

  it('collapses whitespace in the text it keeps', () => {
    expect(parseCron('  0   10 *  * 1 ').text).toBe('0 10 * * 1');
  });

  it.each([
    ['0 24 * * *', 'hour: 24 is out of range 0–23'],
    ['60 * * * *', 'minute: 60 is out of range 0–59'],
    ['0 0 0 * *', 'day-of-month: 0 is out of range 1–31'],
    ['0 0 32 * *', 'day-of-month: 32 is out of range 1–31'],
    ['0 0 * 13 *', 'month: 13 is out of range 1–12'],
    ['0 0 * * 8', 'day-of-week: 8 is out of range 0–7'],
    ['0 0 * foo *', 'month: "foo" is neither a number nor a name (jan–dec)'],
    ['0 0 * * fre', 'day-of-week: "fre" is neither a number nor a name (sun–sat)'],
    ['x * * * *', 'minute: "x" is not a number'],
    ['0 5-3 * * *', 'hour: range 5-3 runs backwards'],
    ['*/0 * * * *', 'minute: a step must be at least 1'],
    ['*/x * * * *', 'minute: step "x" is not a number'],
    ['1,,2 * * * *', 'minute: empty item in a list'],
    ['0 1- * * *', 'hour: "1-" is not a range a-b'],
    ['0 0 L * *', 'day-of-month: "L" is not a number'],
    ['0 0 * * 1#2', 'day-of-week: "1#2" is neither a number nor a name (sun–sat)'],
    ['0 0 * *', 'expected five fields (minute hour day-of-month month day-of-week), got 4'],
    ['0 0 * * * *', 'expected five fields (minute hour day-of-month month day-of-week), got 6'],
  ])('refuses %s: %s', (rule, message) => {
    let error: unknown;
    try {
      parseCron(rule);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'validation', message, fields: [{ path: 'rule.cron', message }] });
  });
});

describe('day matching (classic cron)', () => {
  const on = (rule: string, month: number, day: number, weekday: number) => cronMatches(parseCron(rule), { month, day, weekday, hour: 0, minute: 0 });

  it('runs on a day matching either day field when both are restricted', () => {
    // 1 March 2026 is a Sunday; 2 March a Monday; 3 March a Tuesday.
    expect(on('0 0 1 * 1', 3, 1, 0)).toBe(true);
    expect(on('0 0 1 * 1', 3, 2, 1)).toBe(true);
    expect(on('0 0 1 * 1', 3, 3, 2)).toBe(false);
  });

  it('needs both when one day field starts with *', () => {
    expect(on('0 0 * * 1', 3, 2, 1)).toBe(true);
    expect(on('0 0 * * 1', 3, 3, 2)).toBe(false);
    expect(on('0 0 */2 * 1', 3, 3, 1)).toBe(true); // day 3 is odd: */2 from 1 matches
    expect(on('0 0 */2 * 1', 3, 2, 1)).toBe(false);
  });

  it('checks the month first', () => {
    expect(on('0 0 1 jun 1', 3, 1, 0)).toBe(false);
  });
});
