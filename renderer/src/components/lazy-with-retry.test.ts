import { describe, expect, it } from 'vitest';
import { failedModuleUrl, freshModuleUrl, retrying } from './lazy-with-retry';

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

  it('once a failure names its module, tries that module under a fresh URL each time', async () => {
    const chunk = 'http://127.0.0.1:7420/assets/RatesLineChart-7d4LFWa_.js';
    const tried: string[] = [];
    const load = async (): Promise<string> => {
      throw new TypeError(`Failed to fetch dynamically imported module: ${chunk}`);
    };
    const reimport = async (url: string) => {
      const fresh = freshModuleUrl(url);
      tried.push(fresh);
      if (tried.length < 3) throw new TypeError(`Failed to fetch dynamically imported module: ${fresh}`);
      return 'chunk';
    };
    await expect(retrying(load, [1, 2, 4, 8], async () => undefined, reimport)).resolves.toBe('chunk');
    expect(tried).toHaveLength(3);
    expect(new Set(tried).size).toBe(3);
    for (const url of tried) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:7420\/assets\/RatesLineChart-7d4LFWa_\.js\?retry=\d+$/);
  });

  it('names the module of Chromium\'s and Firefox\'s failures, and nothing of others', () => {
    const url = 'http://127.0.0.1:7420/assets/RatesLineChart-7d4LFWa_.js';
    expect(failedModuleUrl(new TypeError(`Failed to fetch dynamically imported module: ${url}`))).toBe(url);
    expect(failedModuleUrl(new TypeError(`error loading dynamically imported module: ${url}`))).toBe(url);
    expect(failedModuleUrl(new TypeError('Importing a module script failed.'))).toBeNull();
    expect(failedModuleUrl('not an error')).toBeNull();
  });
});
