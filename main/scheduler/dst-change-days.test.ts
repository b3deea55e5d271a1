/**
 * Daylight-saving change days, for one-off and recurring schedules: the engine alone turns a
 * wall-clock time into an instant. Stockholm changes on 2027-03-28 (02:00 → 03:00) and
 * 2027-10-31 (03:00 → 02:00); New York on 2027-03-14 and 2027-11-07; Sydney, the other way
 * round, on 2027-10-03 (forward) and 2027-04-04 (back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduleRule } from '../contract';
import type { Connection } from '../rpc/router';
import { bookWithGroup, draft } from '../test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { nextRuns } from './next-runs';
import { normalizeRule } from './schedule-rules';

const NOW = Date.parse('2027-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const once = (localDateTime: string, timeZone: string) => normalizeRule({ kind: 'once', localDateTime, timeZone }, NOW, 'UTC').rule;
const refusal = (localDateTime: string, timeZone: string) => {
  try {
    once(localDateTime, timeZone);
  } catch (error) {
    return error;
  }
  return null;
};
const daily = (cron: string, timeZone: string, from: string, count: number) =>
  nextRuns({ kind: 'recurring', cron, timeZone }, Date.parse(from), count).map(iso);

describe('one-off schedules on change days', () => {
  it('Stockholm, March: a time in the skipped hour is refused naming rule.localDateTime; either side of it is exact', () => {
    expect(refusal('2027-03-28T02:30', 'Europe/Stockholm')).toMatchObject({
      kind: 'validation',
      code: 'schedules.nonexistent_local_time',
      params: { localDateTime: '2027-03-28T02:30', timeZone: 'Europe/Stockholm' },
      fields: [expect.objectContaining({ path: 'rule.localDateTime' })],
    });
    expect(refusal('2027-03-28T02:00', 'Europe/Stockholm')).toMatchObject({ code: 'schedules.nonexistent_local_time' });
    expect(once('2027-03-28T01:59', 'Europe/Stockholm')).toEqual({ kind: 'once', localDateTime: '2027-03-28T01:59', timeZone: 'Europe/Stockholm', runAt: '2027-03-28T00:59:00.000Z' });
    expect(once('2027-03-28T03:00', 'Europe/Stockholm')).toMatchObject({ runAt: '2027-03-28T01:00:00.000Z' });
    expect(once('2027-03-28T10:00', 'Europe/Stockholm')).toMatchObject({ runAt: '2027-03-28T08:00:00.000Z' });
  });

  it('Stockholm, October: the repeated hour means its first occurrence (still summer time)', () => {
    expect(once('2027-10-31T02:30', 'Europe/Stockholm')).toEqual({ kind: 'once', localDateTime: '2027-10-31T02:30', timeZone: 'Europe/Stockholm', runAt: '2027-10-31T00:30:00.000Z' });
    expect(once('2027-10-31T01:59', 'Europe/Stockholm')).toMatchObject({ runAt: '2027-10-30T23:59:00.000Z' });
    expect(once('2027-10-31T03:00', 'Europe/Stockholm')).toMatchObject({ runAt: '2027-10-31T02:00:00.000Z' });
    expect(once('2027-10-31T10:00', 'Europe/Stockholm')).toMatchObject({ runAt: '2027-10-31T09:00:00.000Z' });
  });

  it('New York and Sydney follow their own change days', () => {
    expect(refusal('2027-03-14T02:30', 'America/New_York')).toMatchObject({ code: 'schedules.nonexistent_local_time' });
    expect(once('2027-03-14T03:30', 'America/New_York')).toMatchObject({ runAt: '2027-03-14T07:30:00.000Z' });
    expect(once('2027-11-07T01:30', 'America/New_York')).toMatchObject({ runAt: '2027-11-07T05:30:00.000Z' });
    // On Stockholm's change day New York has none: 02:30 exists there.
    expect(once('2027-03-28T02:30', 'America/New_York')).toMatchObject({ runAt: '2027-03-28T06:30:00.000Z' });
    expect(refusal('2027-10-03T02:30', 'Australia/Sydney')).toMatchObject({ code: 'schedules.nonexistent_local_time' });
    expect(once('2027-04-04T02:30', 'Australia/Sydney')).toMatchObject({ runAt: '2027-04-03T15:30:00.000Z' });
  });

  it('an instant with an offset is taken as it is, and shown back on the zone\'s wall clock', () => {
    const rule = normalizeRule({ kind: 'once', runAt: '2027-10-31T01:30:00Z', timeZone: 'Europe/Stockholm' }, NOW, 'UTC').rule;
    // 01:30 UTC is the second 02:30 in Stockholm that night.
    expect(rule).toEqual({ kind: 'once', localDateTime: '2027-10-31T02:30', timeZone: 'Europe/Stockholm', runAt: '2027-10-31T01:30:00.000Z' });
  });

  it('without a zone, the settings\' zone is used; without a time, the field is named', () => {
    expect(normalizeRule({ kind: 'once', localDateTime: '2027-03-28T10:00' }, NOW, 'Europe/Stockholm').rule).toMatchObject({ timeZone: 'Europe/Stockholm', runAt: '2027-03-28T08:00:00.000Z' });
    expect(() => normalizeRule({ kind: 'once' } as ScheduleRule, NOW, 'UTC')).toThrowError(expect.objectContaining({ fields: [expect.objectContaining({ path: 'rule.localDateTime' })] }));
  });
});

describe('recurring schedules on change days', () => {
  it('Stockholm, 02:30 daily: March runs at the first minute after the gap, October once, at the first 02:30', () => {
    expect(daily('30 2 * * *', 'Europe/Stockholm', '2027-03-26T12:00:00Z', 3)).toEqual(['2027-03-27T01:30:00.000Z', '2027-03-28T01:00:00.000Z', '2027-03-29T00:30:00.000Z']);
    expect(daily('30 2 * * *', 'Europe/Stockholm', '2027-10-29T12:00:00Z', 3)).toEqual(['2027-10-30T00:30:00.000Z', '2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z']);
  });

  it('Stockholm, 10:00 daily keeps 10:00 on the wall clock across both changes', () => {
    expect(daily('0 10 * * *', 'Europe/Stockholm', '2027-03-27T12:00:00Z', 2)).toEqual(['2027-03-28T08:00:00.000Z', '2027-03-29T08:00:00.000Z']);
    expect(daily('0 10 * * *', 'Europe/Stockholm', '2027-10-30T12:00:00Z', 2)).toEqual(['2027-10-31T09:00:00.000Z', '2027-11-01T09:00:00.000Z']);
  });

  it('New York, 01:30 daily: the repeated hour runs once', () => {
    expect(daily('30 1 * * *', 'America/New_York', '2027-11-06T12:00:00Z', 2)).toEqual(['2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z']);
  });
});

describe('through the contract', () => {
  let t: TestEngine;
  let op: Connection;
  beforeAll(async () => {
    t = await startTestEngine();
    op = await t.signedIn('operator');
  }, 60_000); // a whole engine: its start takes longer than the default hook's 10 s on a busy machine
  afterAll(() => t.stop(), 60_000);

  it('the engine returns the instant it computed; the preview and the saved schedule agree', async () => {
    const { groupId } = await bookWithGroup(t, op, 1);
    const rule = { kind: 'once' as const, localDateTime: '2027-10-31T02:30', timeZone: 'Europe/Stockholm' };
    expect(await t.call(op, 'schedules.preview', { rule })).toEqual({ nextRuns: ['2027-10-31T00:30:00.000Z'] });
    const saved = await t.call(op, 'schedules.create', { name: 'Höstprov', rule, draft: draft(groupId, { drill: true }) });
    expect(saved.rule).toEqual({ ...rule, runAt: '2027-10-31T00:30:00.000Z' });
    expect(saved.nextRuns).toEqual(['2027-10-31T00:30:00.000Z']);
    const gap = await t.engine.router.call(op, 'schedules.preview', { rule: { ...rule, localDateTime: '2027-03-28T02:30' } });
    expect(gap).toMatchObject({ ok: false, error: { kind: 'validation', code: 'schedules.nonexistent_local_time', fields: [{ path: 'rule.localDateTime' }] } });
  });
});
