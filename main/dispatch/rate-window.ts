/**
 * A sliding-window limiter: at most `limit` units in any window of `windowMs`, as the carrier
 * counts them. A token bucket lets a full bucket plus a second's refill through in one second,
 * exactly the burst that earns a 429, so this remembers each spend instead. The carrier sees a
 * request somewhere between our send and its answer, so a spend occupies the window until
 * `windowMs` after its answer (`settle`): however the network delays requests, no window at
 * the carrier can hold more than the limit. Spends are also spread evenly, `windowMs / limit`
 * apart, so the limit is used smoothly rather than in bursts; a late tick may catch up on the
 * slots it missed in the last `CATCH_UP_MS`, which the window above still caps.
 */
const CATCH_UP_MS = 50;

export interface Spend {
  readonly at: number;
  readonly units: number;
  /** When the spend leaves the window; Infinity while its request is unanswered. */
  until: number;
}

export class RateWindow {
  private spends: Spend[] = [];
  /** The earliest time the next spend may start, on the even schedule. */
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(
    private limit: number,
    private readonly windowMs = 1000,
  ) {}

  setLimit(limit: number) {
    this.limit = limit;
  }

  private inWindow(now: number): number {
    this.spends = this.spends.filter((s) => s.until > now);
    return this.spends.reduce((n, s) => n + s.units, 0);
  }

  /** Milliseconds until `units` may be spent (0 = now). Units above the limit wait for an empty window. */
  waitFor(now: number, units = 1): number {
    const spacing = this.nextAt - now;
    if (spacing > 0) return Math.ceil(spacing);
    const used = this.inWindow(now);
    if (used + units <= this.limit || used === 0) return 0;
    let freed = this.limit - used;
    for (const spend of [...this.spends].sort((a, b) => a.until - b.until)) {
      // A spend still waiting for its answer frees nothing yet: look again shortly.
      if (spend.until === Number.POSITIVE_INFINITY) return 25;
      freed += spend.units;
      if (freed >= units) return Math.max(1, spend.until - now);
    }
    return 25;
  }

  /** Spends `units` if allowed now; settle the returned spend when the request is answered. */
  tryTake(now: number, units = 1): Spend | null {
    if (this.waitFor(now, units) > 0) return null;
    const spend: Spend = { at: now, units, until: Number.POSITIVE_INFINITY };
    this.spends.push(spend);
    // Slightly behind schedule: keep it (catch up). Idle for longer: the schedule restarts now.
    const slot = this.nextAt >= now - CATCH_UP_MS ? this.nextAt : now;
    this.nextAt = slot + (this.windowMs / this.limit) * units;
    return spend;
  }

  /**
   * A create sent at `at` by another engine (a leader before a takeover): it counts against the
   * window until `until`, and the even schedule continues after it.
   */
  remember(at: number, units: number, until: number) {
    this.spends.push({ at, units, until });
    this.nextAt = Math.max(this.nextAt, at + (this.windowMs / this.limit) * units);
  }

  /** The request was answered (or failed) at `answeredAt`: the carrier saw it no later than that. */
  settle(spend: Spend, answeredAt: number) {
    spend.until = answeredAt + this.windowMs;
  }
}
