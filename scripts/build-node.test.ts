import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../main/contract';
import { nodeBuilds } from './build-node';

const out = mkdtempSync(path.join(os.tmpdir(), 'gdial-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the preload bundle', () => {
  it('is one CommonJS file that requires nothing but electron (a sandboxed preload can load no modules)', async () => {
    const preload = nodeBuilds(out).find((b) => b.format === 'cjs')!;
    await build({ ...preload, sourcemap: false, logLevel: 'silent' });
    const code = readFileSync(path.join(out, 'electron', 'preload.cjs'), 'utf8');
    const required = [...code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(|^\s*import\s/m);
    // The channel names and the contract's allowlist travel inside it.
    expect(code).toContain(IPC_INVOKE);
    expect(code).toContain(IPC_EVENT);
    expect(code).toContain('alerts.launch');
  });
});
