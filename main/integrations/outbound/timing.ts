/**
 * How often outgoing webhooks feed and deliver, and how long they wait between attempts. One
 * object read at each use, so tests can shorten it (`setOutboundTiming`) for engines they start.
 */
export interface OutboundTiming {
  /** The feeder's round (leader only). */
  feedEveryMs: number;
  /** Each round re-reads this far before its cursor: writes that committed late are still found. */
  feedOverlapMs: number;
  /** At most one alert.progress per alert this often, while its counters change. */
  progressEveryMs: number;
  /** The deliverer's round (every engine). */
  deliverEveryMs: number;
  /** One POST may take this long. */
  requestTimeoutMs: number;
  /** A claimed row is this engine's for this long (longer than a request). */
  leaseMs: number;
  /** Waits after the 1st, 2nd, … failed attempt; after the last the message is given up ('failed'). */
  retryScheduleMs: number[];
  /** Rows delivered or given up are kept this long, then pruned. */
  keepSettledMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_TIMING: Readonly<OutboundTiming> = Object.freeze({
  feedEveryMs: 1_000,
  feedOverlapMs: 30_000,
  progressEveryMs: 5_000,
  deliverEveryMs: 1_000,
  requestTimeoutMs: 10_000,
  leaseMs: 60_000,
  // 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h: given up about 24 hours after the first try.
  retryScheduleMs: [5_000, 30_000, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 8 * HOUR],
  keepSettledMs: 30 * 24 * HOUR,
});

export const outboundTiming: OutboundTiming = { ...DEFAULT_TIMING, retryScheduleMs: [...DEFAULT_TIMING.retryScheduleMs] };

/** Tests: shorter waits for engines started after this; returns the undo. */
export function setOutboundTiming(change: Partial<OutboundTiming>): () => void {
  const before = { ...outboundTiming };
  Object.assign(outboundTiming, change);
  return () => Object.assign(outboundTiming, before);
}

/** The wait after `attempts` failed attempts, or null when the message is to be given up. */
export function retryDelay(attempts: number): number | null {
  return outboundTiming.retryScheduleMs[attempts - 1] ?? null;
}
