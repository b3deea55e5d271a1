/**
 * The order in which GDial tries to reach one person by voice: each number in the contact's
 * priority order, `attemptsPerNumber` times, for `cycles` rounds with a pause between rounds.
 */
import type { EscalationPolicy } from '../contract';

export interface VoiceStep {
  cycle: number;
  numberIndex: number;
  attemptNo: number;
}

export interface NextStep extends VoiceStep {
  /** Wait before this step: the retry interval when a new round starts, else none. */
  delayMs: number;
}

export function firstStep(numbers: number): NextStep | null {
  return numbers > 0 ? { cycle: 0, numberIndex: 0, attemptNo: 0, delayMs: 0 } : null;
}

/** The step after `last`, or null when every round is done. */
export function nextStep(policy: EscalationPolicy, numbers: number, last: VoiceStep): NextStep | null {
  if (numbers === 0) return null;
  if (last.attemptNo + 1 < policy.attemptsPerNumber) return { ...last, attemptNo: last.attemptNo + 1, delayMs: 0 };
  if (last.numberIndex + 1 < numbers) return { cycle: last.cycle, numberIndex: last.numberIndex + 1, attemptNo: 0, delayMs: 0 };
  if (last.cycle + 1 < policy.cycles) return { cycle: last.cycle + 1, numberIndex: 0, attemptNo: 0, delayMs: policy.retryIntervalSeconds * 1000 };
  return null;
}
