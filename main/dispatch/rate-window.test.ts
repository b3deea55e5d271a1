import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window';

/** The largest number of units in any half-open window [t, t + 1000) of arrival times. */
function worstWindow(arrivals: number[]): number {
  return Math.max(0, ...arrivals.map((t) => arrivals.filter((x) => x >= t && x < t + 1000).length));
}

describe('RateWindow', () => {
  it('counts the creates another engine sent (a leader before a takeover) against the window', () => {
    const window = new RateWindow(5);
    // The engine before sent 5 in the last few hundred ms; they occupy the window until `until`.
    for (const at of [800, 850, 900, 950, 990]) window.remember(at, 1, at + 2000);
    expect(window.tryTake(1000)).toBeNull();
    expect(window.waitFor(1000)).toBeGreaterThan(0);
    // Once the first leaves the window, one more may go; never six in a window.
    expect(window.tryTake(2800)).not.toBeNull();
    expect(window.tryTake(2801)).toBeNull();
  });

  it('never lets the carrier see more than the limit in any one-second window, whatever the network delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 400 }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 200,
        }),
        (limit, steps) => {
          const window = new RateWindow(limit);
          const arrivals: number[] = [];
          const pending: Array<{ answer: number; settle: () => void }> = [];
          let now = 0;
          for (const [gap, latency, where] of steps) {
            now += gap;
            // Answers that came back by now are settled first, as the event loop would.
            for (const p of pending.filter((p) => p.answer <= now)) p.settle();
            pending.splice(0, pending.length, ...pending.filter((p) => p.answer > now));
            const spend = window.tryTake(now);
            if (!spend) continue;
            // The carrier sees it somewhere between our send and its answer.
            const answer = now + latency;
            arrivals.push(now + Math.floor(latency * where));
            pending.push({ answer, settle: () => window.settle(spend, answer) });
          }
          expect(worstWindow(arrivals)).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('spreads spends evenly and says how long to wait', () => {
    const window = new RateWindow(2);
    const first = window.tryTake(0)!;
    window.settle(first, 0);
    expect(window.waitFor(10)).toBe(490);
    expect(window.tryTake(499)).toBeNull();
    const second = window.tryTake(500)!;
    window.settle(second, 500);
    expect(window.waitFor(600)).toBe(400);
    expect(window.tryTake(1000)).not.toBeNull();
  });

  it('keeps an unanswered request in the window until it is answered', () => {
    const window = new RateWindow(1);
    const spend = window.tryTake(0)!;
    expect(window.tryTake(5000)).toBeNull();
    window.settle(spend, 4800);
    expect(window.tryTake(5799)).toBeNull();
    expect(window.tryTake(5800)).not.toBeNull();
  });

  it('meters multi-unit spends (SMS segments)', () => {
    const window = new RateWindow(4);
    window.settle(window.tryTake(0, 2)!, 0);
    expect(window.waitFor(1, 1)).toBe(499);
    window.settle(window.tryTake(500, 2)!, 500);
    expect(window.tryTake(999, 1)).toBeNull();
    expect(window.tryTake(1000, 2)).not.toBeNull();
  });
});
