/**
 * The schema in code and the shipped migrations must describe the same database: a column added
 * to schema.ts without its migration would exist in tests' types but not in users' files.
 * drizzle-kit compares them against a scratch copy of the migrations (nothing here is written).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '../..');
let scratch: string | null = null;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});

describe('schema and migrations', () => {
  it('drizzle-kit finds nothing to migrate: every schema change has its migration', () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'gdial-migrations-'));
    const out = path.join(scratch, 'migrations');
    cpSync(path.join(repo, 'resources/migrations'), out, { recursive: true });
    const config = path.join(scratch, 'drizzle.config.mjs');
    const schema = ['./main/db/schema.ts', './main/db/schema-timed.ts', './main/db/schema-cluster.ts', './main/db/schema-integrations.ts'];
    // drizzle-kit reads `out` relative to the working directory (the repository).
    writeFileSync(config, `export default ${JSON.stringify({ dialect: 'sqlite', schema, out: path.relative(repo, out) })};\n`);
    const before = readdirSync(out).sort();
    const printed = execFileSync(process.execPath, [path.join(repo, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', config], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(readdirSync(out).sort()).toEqual(before);
    expect(printed).toContain('No schema changes');
  });
});
