/**
 * Per-key request limits for the REST API (rate-limiter-flexible): a steady rate and a burst on
 * top, so a system catching up after an outage may send a handful at once but cannot flood the
 * engine that is placing calls. Counted per workstation, in memory.
 */
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimits {
  /** Requests per second a key may make steadily. */
  perSecond: number;
  /** Requests a key may make at once (the steady second's share included). */
  burst: number;
}

export const API_RATE_LIMITS: RateLimits = { perSecond: 10, burst: 50 };
/** The burst's extra requests come back over this long, so the steady rate stays near `perSecond`. */
const BURST_REFILL_SECONDS = 60;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class KeyRateLimiter {
  private readonly limiter: BurstyRateLimiter;

  constructor(limits: RateLimits = API_RATE_LIMITS) {
    const steady = new RateLimiterMemory({ keyPrefix: 'api-steady', points: limits.perSecond, duration: 1 });
    const extra = Math.max(1, limits.burst - limits.perSecond);
    this.limiter = new BurstyRateLimiter(steady, new RateLimiterMemory({ keyPrefix: 'api-burst', points: extra, duration: BURST_REFILL_SECONDS }));
  }

  /** Spends one request of `key`'s allowance, or says when to come back (whole seconds, at least 1). */
  async take(key: string): Promise<RateDecision> {
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
  }
}
