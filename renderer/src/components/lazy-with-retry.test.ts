import { describe, expect, it } from 'vitest';
import { retrying } from './lazy-with-retry';

describe('retrying', () => {
  it('tries again after each delay until the load succeeds', async () => {
    const slept: number[] = [];
    let calls = 0;
    const load = async () => {
      calls++;
      if (calls < 3) throw new TypeError('Failed to fetch dynamically imported module');
      return 'chunk';
    };
    await expect(retrying(load, [10, 20, 40], async (ms) => void slept.push(ms))).resolves.toBe('chunk');
    expect(calls).toBe(3);
    expect(slept).toEqual([10, 20]);
  });

  it('gives up with the last error after the final delay', async () => {
    const slept: number[] = [];
    let calls = 0;
    const load = async (): Promise<string> => {
      calls++;
      throw new Error(`failure ${calls}`);
    };
    await expect(retrying(load, [1, 2], async (ms) => void slept.push(ms))).rejects.toThrow('failure 3');
    expect(slept).toEqual([1, 2]);
  });
});
