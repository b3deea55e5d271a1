import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { DEFAULT_AUTH_TOKEN } from './config';

const ENTRY = fileURLToPath(new URL('../../entry/simulator.ts', import.meta.url));

it('`npm run simulator` prints its URL and account on one line, serves the API, and exits cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, '--port', '0', '--seed', '5'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
    });
    const match = /^GDial simulator: (http:\/\/127\.0\.0\.1:\d+) \(account (AC\w{32})\)$/.exec(line);
    expect(match, line).not.toBeNull();
    const [, url, account] = match!;
    const auth = 'Basic ' + Buffer.from(`${account}:${DEFAULT_AUTH_TOKEN}`).toString('base64');
    const config = (await (await fetch(`${url}/__sim/config`, { headers: { Authorization: auth } })).json()) as { seed: number };
    expect(config.seed).toBe(5);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
