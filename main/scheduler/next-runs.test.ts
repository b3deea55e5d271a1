import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScheduleRule } from '../contract';
import { cronMatches, parseCron, runsEveryHour } from './cron';
import { nextRuns, runsAfter } from './next-runs';
import { HOUR, localParts, MINUTE, partsOfWall, wallOf } from './zoned-time';

const Z = 'Europe/Stockholm';
const utc = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();
const rec = (cron: string, timeZone = Z): ScheduleRule => ({ kind: 'recurring', cron, timeZone });
const between = (rule: ScheduleRule, from: number, until: number) => {
  const out: number[] = [];
  for (const t of runsAfter(rule, from - 1)) {
    if (t >= until) break;
    out.push(t);
  }
  return out;
};

describe('nextRuns across DST in Europe/Stockholm', () => {
  it('keeps Monday 10:00 local: 09:00 UTC in winter, 08:00 UTC in summer (2026-03-29)', () => {
    expect(nextRuns(rec('0 10 * * 1'), utc('2026-03-16T00:00:00Z'), 4).map(iso)).toEqual([
      '2026-03-16T09:00:00.000Z',
      '2026-03-23T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-04-06T08:00:00.000Z',
    ]);
  });

  it('and back to 09:00 UTC after 2026-10-25', () => {
    expect(nextRuns(rec('0 10 * * mon'), utc('2026-10-12T00:00:00Z'), 4).map(iso)).toEqual([
      '2026-10-12T08:00:00.000Z',
      '2026-10-19T08:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
      '2026-11-02T09:00:00.000Z',
    ]);
  });

  it('runs 02:30 once at 03:00 local on the spring-forward day, when 02:30 does not exist', () => {
    expect(nextRuns(rec('30 2 * * *'), utc('2026-03-27T12:00:00Z'), 3).map(iso)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first minute after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('runs 02:30 once, at its first occurrence, on the fall-back day', () => {
    expect(nextRuns(rec('30 2 * * *'), utc('2026-10-23T12:00:00Z'), 3).map(iso)).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST, the first of the two
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('runs every half hour of a gap once in all (no pile of runs at 03:00)', () => {
    const runs = between(rec('0,30 2,3 * * *'), utc('2026-03-28T23:00:00Z'), utc('2026-03-29T22:00:00Z'));
    expect(runs.map(iso)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z']);
  });

  it('runs hourly 25 times on the fall-back day and 23 times on the spring-forward day', () => {
    // The local days: 25 and 23 hours long.
    const fall = between(rec('0 * * * *'), utc('2026-10-24T22:00:00Z'), utc('2026-10-25T23:00:00Z'));
    expect(fall).toHaveLength(25);
    expect(new Set(fall).size).toBe(25);
    expect(fall.filter((t) => localParts(t, Z).hour === 2)).toHaveLength(2);
    const spring = between(rec('0 * * * *'), utc('2026-03-28T23:00:00Z'), utc('2026-03-29T22:00:00Z'));
    expect(spring).toHaveLength(23);
    expect(spring.every((t, i) => i === 0 || t - spring[i - 1]! === HOUR)).toBe(true);
  });

  it('runs a once rule at its time, if that is still ahead', () => {
    const once: ScheduleRule = { kind: 'once', runAt: '2026-06-01T08:00:00Z' };
    expect(nextRuns(once, utc('2026-01-01T00:00:00Z'), 5)).toEqual([utc('2026-06-01T08:00:00Z')]);
    expect(nextRuns(once, utc('2026-06-01T08:00:00Z'), 5)).toEqual([]);
    // Without an offset: wall-clock time in the given zone.
    expect(nextRuns({ kind: 'once', runAt: '2026-06-01T10:00' }, 0, 1, Z)).toEqual([utc('2026-06-01T08:00:00Z')]);
  });
});

describe('nextRuns search', () => {
  it('finds a leap day years ahead, skipping 2100, and gives up after 8 years', () => {
    expect(nextRuns(rec('0 0 29 2 *', 'UTC'), utc('2097-03-01T00:00:00Z'), 3).map(iso)).toEqual(['2104-02-29T00:00:00.000Z']);
    expect(nextRuns(rec('0 0 29 2 *'), utc('2026-01-01T00:00:00Z'), 2).map(iso)).toEqual(['2028-02-28T23:00:00.000Z', '2032-02-28T23:00:00.000Z']);
  });

  it('returns nothing for a rule that never runs', () => {
    expect(nextRuns(rec('0 0 30 2 *'), utc('2026-01-01T00:00:00Z'), 5)).toEqual([]);
    expect(nextRuns(rec('0 0 31 4,6,9,11 *'), utc('2026-01-01T00:00:00Z'), 5)).toEqual([]);
  });

  it('is strictly after afterMs', () => {
    const t = utc('2026-05-04T08:00:00Z');
    expect(nextRuns(rec('0 10 * * *'), t, 1)).toEqual([t + 24 * HOUR]);
    expect(nextRuns(rec('0 10 * * *'), t - 1, 1)).toEqual([t]);
  });

  it('takes day-of-month or day-of-week when both are given', () => {
    // The 13th, and every Friday: 2026-03-06 (Fri), 03-13 (Fri and 13th), 03-20, 03-27, 04-03, 04-10, 04-13 (Mon).
    const runs = nextRuns(rec('0 12 13 * fri', 'UTC'), utc('2026-03-01T00:00:00Z'), 7).map((t) => iso(t).slice(0, 10));
    expect(runs).toEqual(['2026-03-06', '2026-03-13', '2026-03-20', '2026-03-27', '2026-04-03', '2026-04-10', '2026-04-13']);
  });
});

// ── properties ──────────────────────────────────────────────────────────────────────────────
const ruleArb = fc
  .tuple(
    fc.constantFrom('*', '*/15', '0', '30', '0,30', '5-10', '*/7', '59'),
    fc.constantFrom('*', '2', '1-3', '2,3', '*/2', '9', '0-23', '23', '0'),
    fc.constantFrom('*', '*', '1', '25-31', '*/2', '29', '13'),
    fc.constantFrom('*', '*', '3', '10', 'mar,oct', '*/2', '2'),
    fc.constantFrom('*', '*', '0', 'sun', '1-5', '6,0', 'fri'),
  )
  .map((f) => f.join(' '));

const dstDays = ['2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25', '2027-03-28', '2027-10-31', '2028-03-26', '2028-10-29'].map((d) => utc(`${d}T00:00:00Z`));
const afterArb = fc.oneof(
  fc.tuple(fc.constantFrom(...dstDays), fc.integer({ min: -24 * 60, max: 24 * 60 })).map(([d, m]) => d + m * MINUTE + 17_000),
  fc.integer({ min: utc('2025-01-01T00:00:00Z') / MINUTE, max: utc('2031-01-01T00:00:00Z') / MINUTE }).map((m) => m * MINUTE),
);

/** Minute by minute, what the module doc promises (Stockholm's shifts are whole hours). */
function reference(cronText: string, zone: string, after: number, until: number): number[] {
  const cron = parseCron(cronText);
  const everyHour = runsEveryHour(cron);
  const out = new Set<number>();
  const wallAt = (t: number) => {
    const l = localParts(t, zone);
    return wallOf(l.year, l.month, l.day, l.hour, l.minute);
  };
  let prevWall = wallAt(Math.floor(after / MINUTE) * MINUTE);
  for (let t = Math.floor(after / MINUTE) * MINUTE + MINUTE; t < until; t += MINUTE) {
    const wall = wallAt(t);
    if (!everyHour) for (let w = prevWall + MINUTE; w < wall; w += MINUTE) if (cronMatches(cron, partsOfWall(w))) out.add(t);
    const repeated = wallAt(t - HOUR) === wall;
    if (cronMatches(cron, partsOfWall(wall)) && (everyHour || !repeated)) out.add(t);
    prevWall = wall;
  }
  return [...out].sort((a, b) => a - b);
}

describe('nextRuns properties', () => {
  it('gives exactly the runs a minute-by-minute walk finds, around DST changes too', () => {
    fc.assert(
      fc.property(ruleArb, afterArb, (cron, after) => {
        const until = after + 36 * HOUR;
        const got: number[] = [];
        for (const t of runsAfter(rec(cron), after)) {
          if (t >= until) break;
          got.push(t);
        }
        expect(got.map(iso)).toEqual(reference(cron, Z, after, until).map(iso));
      }),
      { numRuns: 60 },
    );
  });

  it('every run is strictly later than the last and matches the rule in local time (or ends a DST gap)', () => {
    const zones = fc.constantFrom(Z, 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'Australia/Lord_Howe');
    fc.assert(
      fc.property(ruleArb, afterArb, zones, (cron, after, zone) => {
        const parsed = parseCron(cron);
        const runs = nextRuns(rec(cron, zone), after, 20);
        let last = after;
        for (const t of runs) {
          expect(t).toBeGreaterThan(last);
          last = t;
          const l = localParts(t, zone);
          if (cronMatches(parsed, l)) continue;
          // Otherwise it must be the first minute after a gap, for a rule that names its hours.
          const before = localParts(t - MINUTE, zone);
          expect(runsEveryHour(parsed)).toBe(false);
          expect(wallOf(l.year, l.month, l.day, l.hour, l.minute) - wallOf(before.year, before.month, before.day, before.hour, before.minute)).toBeGreaterThan(MINUTE);
        }
      }),
      { numRuns: 200 },
    );
  });
});
