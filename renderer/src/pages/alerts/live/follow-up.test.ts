import { describe, expect, it } from 'vitest';
import type { AlertCounters, RecipientRow } from '@contract';
import { afterDecision, inDoubtAttempt, resendOffer, resendResult } from './follow-up';

const zero: AlertCounters = {
  recipients: 0,
  pending: 0,
  unreached: 0,
  canceled: 0,
  queued: 0,
  dialling: 0,
  ringing: 0,
  answered: 0,
  confirmed: 0,
  declined: 0,
  failed: 0,
  inDoubt: 0,
  smsSent: 0,
};
const counters = (c: Partial<AlertCounters>): AlertCounters => ({ ...zero, ...c });

function row(state: NonNullable<RecipientRow['last']>['state'] | null, attemptId = 7): RecipientRow {
  return {
    id: 1,
    contactId: 3,
    name: 'Anna Andersson',
    state: 'pending',
    confirmedVia: null,
    attempts: 1,
    last: state ? { attemptId, channel: 'voice', e164: '+46701000001', state, at: '2026-01-01T10:00:00.000Z', error: null, reason: null } : null,
  };
}

describe('resendOffer', () => {
  it('offers the unconfirmed everyone who neither confirmed nor declined', () => {
    const c = counters({ recipients: 10, confirmed: 4, declined: 1, pending: 2, unreached: 2, canceled: 1 });
    expect(resendOffer({ state: 'completed', counters: c }, 'unconfirmed')).toEqual({ target: 'unconfirmed', people: 5, enabled: true });
  });

  it('offers nothing when everyone has answered', () => {
    const c = counters({ recipients: 3, confirmed: 2, declined: 1 });
    expect(resendOffer({ state: 'completed', counters: c }, 'unconfirmed').enabled).toBe(false);
    expect(resendOffer({ state: 'completed', counters: c }, 'failed').enabled).toBe(false);
  });

  it('offers the failed only once an attempt has failed, and never the cancelled', () => {
    const noFailure = counters({ recipients: 3, unreached: 3, answered: 3 });
    expect(resendOffer({ state: 'completed', counters: noFailure }, 'failed')).toMatchObject({ people: 0, enabled: false });
    const failures = counters({ recipients: 5, unreached: 2, pending: 1, canceled: 2, failed: 4 });
    expect(resendOffer({ state: 'running', counters: failures }, 'failed')).toMatchObject({ people: 3, enabled: true });
  });

  it('offers nothing while the alert awaits approval', () => {
    const c = counters({ recipients: 20, pending: 20, failed: 0 });
    expect(resendOffer({ state: 'pending_approval', counters: c }, 'unconfirmed')).toMatchObject({ people: 20, enabled: false });
  });
});

describe('resendResult', () => {
  it('reads an ended alert that stays ended as nothing queued', () => {
    expect(resendResult({ state: 'completed' })).toBe('nothing');
    expect(resendResult({ state: 'canceled' })).toBe('nothing');
    expect(resendResult({ state: 'running' })).toBe('queued');
  });
});

describe('in-doubt decisions', () => {
  it('asks only about a row whose last attempt is in doubt', () => {
    expect(inDoubtAttempt(row('in_doubt', 42))).toEqual({ attemptId: 42, channel: 'voice' });
    expect(inDoubtAttempt(row('ringing'))).toBeNull();
    expect(inDoubtAttempt(row(null))).toBeNull();
  });

  it('takes the question away once answered: queued again, or failed', () => {
    const at = '2026-01-01T10:05:00.000Z';
    expect(afterDecision(row('in_doubt', 42), 42, true, at).last).toMatchObject({ state: 'queued', at });
    expect(afterDecision(row('in_doubt', 42), 42, false, at).last).toMatchObject({ state: 'failed', at });
    expect(inDoubtAttempt(afterDecision(row('in_doubt', 42), 42, true, at))).toBeNull();
  });

  it('leaves a row alone when its last attempt has moved on meanwhile', () => {
    const moved = row('ringing', 43);
    expect(afterDecision(moved, 42, true, '2026-01-01T10:05:00.000Z')).toBe(moved);
  });
});
