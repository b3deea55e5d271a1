import { describe, expect, it } from 'vitest';
import { escalationPolicySchema } from '../contract';
import { firstStep, nextStep, type VoiceStep } from './escalation';
import { fromCarrierStatus, movesForward } from './attempt-status';

const policy = (p: object) => escalationPolicySchema.parse(p);

function walk(p: object, numbers: number): Array<VoiceStep & { delayMs: number }> {
  const steps = [];
  let step = firstStep(numbers);
  while (step) {
    steps.push(step);
    step = nextStep(policy(p), numbers, step);
  }
  return steps;
}

describe('escalation order', () => {
  it('tries each number in order, N times each, for each round, pausing between rounds', () => {
    const steps = walk({ attemptsPerNumber: 2, cycles: 2, retryIntervalSeconds: 60 }, 2);
    expect(steps.map((s) => [s.cycle, s.numberIndex, s.attemptNo, s.delayMs])).toEqual([
      [0, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 1, 1, 0],
      [1, 0, 0, 60_000],
      [1, 0, 1, 0],
      [1, 1, 0, 0],
      [1, 1, 1, 0],
    ]);
  });

  it('has nothing to try for a person without numbers', () => {
    expect(walk({}, 0)).toEqual([]);
  });
});

describe('status order', () => {
  it('only moves forward, so late and repeated callbacks change nothing', () => {
    expect(movesForward('submitted', 'ringing')).toBe(true);
    expect(movesForward('completed', 'ringing')).toBe(false);
    expect(movesForward('ringing', 'ringing')).toBe(false);
    expect(movesForward('no_answer', 'completed')).toBe(false);
    expect(movesForward('in_doubt', 'completed')).toBe(true);
  });

  it('maps Twilio call and message statuses', () => {
    expect(fromCarrierStatus('voice', 'no-answer')).toBe('no_answer');
    expect(fromCarrierStatus('voice', 'in-progress')).toBe('in_progress');
    expect(fromCarrierStatus('sms', 'delivered')).toBe('completed');
    expect(fromCarrierStatus('sms', 'undelivered')).toBe('failed');
    expect(fromCarrierStatus('voice', 'bogus')).toBeNull();
  });
});
