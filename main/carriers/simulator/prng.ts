/**
 * Seeded randomness. Each recipient attempt draws from its own stream, keyed by the seed, the
 * number and the attempt count, so a fate does not depend on how concurrent requests interleave.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  chance(p: number): boolean;
  /** Integer in [min, max]. */
  between(range: { min: number; max: number }): number;
  /** A key drawn with probability proportional to its weight; the first key when all weigh 0. */
  weighted<K extends string>(weights: Record<K, number>): K;
}

/** FNV-1a, to turn a label into a 32-bit seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast, and good enough to decide who answers the phone. */
export function createRng(seed: number, label = ''): Rng {
  let state = hash32(`${seed}:${label}`);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p) => p > 0 && next() < p,
    between: ({ min, max }) => (max <= min ? min : min + Math.floor(next() * (max - min + 1))),
    weighted<K extends string>(weights: Record<K, number>): K {
      const entries = Object.entries(weights) as [K, number][];
      const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
      if (entries.length === 0) throw new Error('weighted() needs at least one key');
      let roll = next() * total;
      for (const [key, w] of entries) {
        roll -= Math.max(0, w);
        if (roll < 0) return key;
      }
      return entries[0]![0];
    },
  };
}
