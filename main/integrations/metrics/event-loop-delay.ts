/**
 * How late the engine's event loop runs (one loop serves the console, webhooks and dispatch), in
 * windows of a minute: a scrape reads the last full window, so every scraper sees the same figures
 * and a stall stays visible for a minute after it. Our own monitor per engine, stopped with it:
 * prom-client's default metrics install process-wide observers that are never removed, and several
 * engines start and stop in one test process.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const WINDOW_MS = 60_000;
/** How often the loop is sampled (ms): fine enough to see a stall of a few tens of ms. */
const RESOLUTION_MS = 10;

export interface LoopDelayFigures {
  /** Percentile (0.5, 0.9, 0.99) → seconds. */
  quantiles: Array<[number, number]>;
  maxSeconds: number;
  meanSeconds: number;
}

export interface EventLoopDelay {
  /** The last full window's figures, or the figures so far before the first window ends. */
  figures(): LoopDelayFigures;
  stop(): void;
}

const NS_PER_S = 1e9;

function read(h: IntervalHistogram): LoopDelayFigures {
  // Before any sample, the histogram's min/max are sentinels and its mean NaN: say zero.
  if (h.count === 0) return { quantiles: [0.5, 0.9, 0.99].map((q) => [q, 0] as [number, number]), maxSeconds: 0, meanSeconds: 0 };
  return {
    quantiles: [50, 90, 99].map((p) => [p / 100, h.percentile(p) / NS_PER_S] as [number, number]),
    maxSeconds: h.max / NS_PER_S,
    meanSeconds: h.mean / NS_PER_S,
  };
}

export function startEventLoopDelay(): EventLoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let last: LoopDelayFigures | null = null;
  const timer = setInterval(() => {
    last = read(histogram);
    histogram.reset();
  }, WINDOW_MS);
  timer.unref();
  return {
    figures: () => last ?? read(histogram),
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
