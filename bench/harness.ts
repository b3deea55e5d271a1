/**
 * `npm run bench [-- --json] [-- --only name,...]`: named performance figures, measured in one
 * run. Goals are ratios against a baseline measured in the same run, never wall-clock limits in
 * tests. Each capability registers its benches in bench/<name>.bench.ts.
 */
export type Figures = Record<string, number>;

export interface Bench {
  name: string;
  run(): Promise<Figures>;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value };
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));
