import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRunAt } from './run-at';
import { checkTimeZone, instantOfLocal, instantsOf, localParts, offsetAt, wallOf } from './zoned-time';

const Z = 'Europe/Stockholm';
const utc = (s: string) => Date.parse(s);

describe('zoned time', () => {
  it('reads the local time of an instant', () => {
    expect(localParts(utc('2026-01-12T09:00:00Z'), Z)).toMatchObject({ year: 2026, month: 1, day: 12, hour: 10, minute: 0, weekday: 1 });
    expect(localParts(utc('2026-07-01T22:30:00Z'), Z)).toMatchObject({ month: 7, day: 2, hour: 0, minute: 30, weekday: 4 });
    expect(offsetAt(utc('2026-01-12T09:00:00Z'), Z)).toBe(3_600_000);
    expect(offsetAt(utc('2026-07-12T09:00:00Z'), Z)).toBe(7_200_000);
  });

  it('finds no instant in the spring-forward gap and two in the fall-back overlap', () => {
    expect(instantsOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, Z)).toEqual([]);
    expect(instantsOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, Z)).toEqual([utc('2026-10-25T00:30:00Z'), utc('2026-10-25T01:30:00Z')]);
    expect(instantsOf({ year: 2026, month: 3, day: 29, hour: 3, minute: 0 }, Z)).toEqual([utc('2026-03-29T01:00:00Z')]);
    expect(instantsOf({ year: 2026, month: 3, day: 29, hour: 1, minute: 59 }, Z)).toEqual([utc('2026-03-29T00:59:00Z')]);
  });

  it('places a time in the gap at the first minute after it, a repeated time at its first occurrence', () => {
    expect(instantOfLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, Z)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(instantOfLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, Z)).toBe(utc('2026-10-25T00:30:00Z'));
  });

  it('handles a zone with a 30-minute DST shift (Lord Howe) and one far from UTC (Kiritimati)', () => {
    // Lord Howe: 02:00 → 02:30 on the first Sunday of October 2026.
    expect(instantsOf({ year: 2026, month: 10, day: 4, hour: 2, minute: 15 }, 'Australia/Lord_Howe')).toEqual([]);
    expect(localParts(utc('2026-06-01T00:00:00Z'), 'Pacific/Kiritimati')).toMatchObject({ day: 1, hour: 14 });
  });

  it('every instant is among the instants of its own local time', () => {
    const zones = fc.constantFrom(Z, 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'America/Santiago');
    fc.assert(
      fc.property(fc.integer({ min: utc('2000-01-01T00:00:00Z') / 1000, max: utc('2040-01-01T00:00:00Z') / 1000 }), zones, (seconds, zone) => {
        const t = seconds * 1000;
        const l = localParts(t, zone);
        expect(instantsOf(l, zone)).toContain(t);
        for (const i of instantsOf(l, zone)) expect(wallOf(l.year, l.month, l.day, l.hour, l.minute, l.second)).toBe(i + offsetAt(i, zone));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a zone it does not know, naming rule.timeZone; canonicalizes case', () => {
    expect(checkTimeZone('europe/stockholm')).toBe(Z);
    expect(() => checkTimeZone('Mars/Olympus')).toThrowError(expect.objectContaining({ kind: 'validation', fields: [expect.objectContaining({ path: 'rule.timeZone' })] }));
  });
});

describe('parseRunAt', () => {
  it.each([
    ['2026-06-01T08:00:00Z', '2026-06-01T08:00:00.000Z'],
    ['2026-06-01T08:00:00.250Z', '2026-06-01T08:00:00.250Z'],
    ['2026-06-01T10:00:00+02:00', '2026-06-01T08:00:00.000Z'],
    ['2026-06-01T03:00-0500', '2026-06-01T08:00:00.000Z'],
    ['2026-06-01T10:00', '2026-06-01T08:00:00.000Z'],
    ['2026-01-01 10:00', '2026-01-01T09:00:00.000Z'],
    ['2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
  ])('%s', (text, expected) => {
    expect(new Date(parseRunAt(text, Z)).toISOString()).toBe(expected);
  });

  it.each(['2026-03-29T02:30', '2026-02-30T10:00:00Z', '2026-13-01T10:00', '2026-06-01T24:00', 'tomorrow', '2026-06-01', '2026-06-01T10:00+1'])('refuses %s naming rule.runAt', (text) => {
    expect(() => parseRunAt(text, Z)).toThrowError(expect.objectContaining({ kind: 'validation', fields: [expect.objectContaining({ path: 'rule.runAt' })] }));
  });
});
