import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, startTestEngine, tempDir, type TestEngine } from '../test-support/engine-fixture';
import { runCli, runCliAsync } from '../test-support/run-node';

let t: TestEngine | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.stop();
  t = null;
  dirs.splice(0).forEach(removeDir);
});

describe('gdial backup', () => {
  it('copies a live engine\'s database while it keeps writing, and checks the copy', async () => {
    t = await startTestEngine();
    const admin = await t.signedIn('admin');
    for (let i = 0; i < 50; i++) await t.call(admin, 'templates.create', { name: `Mall ${i}`, smsText: 'x'.repeat(500) });
    const outDir = tempDir('gdial-backup-');
    dirs.push(outDir);
    const out = path.join(outDir, 'nested', 'copy.db');

    // The engine keeps writing while the CLI (another process) copies.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await t!.call(admin, 'templates.create', { name: `Under backup ${i}`, smsText: 'y' });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const result = await runCliAsync(['backup', '--data-dir', t.dataDir, '--out', out]);
    writing = false;
    await writer;
    const written = (t.engine.db.$client.prepare("SELECT COUNT(*) AS n FROM templates WHERE name LIKE 'Under backup %'").get() as { n: number }).n;
    expect(written).toBeGreaterThan(0);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('integrity_check: ok');
    const copy = new Database(out, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare("SELECT COUNT(*) AS n FROM templates WHERE name LIKE 'Mall %'").get() as { n: number }).n).toBe(50);
    expect((copy.prepare('SELECT username FROM users').get() as { username: string }).username).toBe('admin');
    copy.close();
  });

  it('refuses to overwrite an existing file and names it', async () => {
    t = await startTestEngine();
    const outDir = tempDir('gdial-backup-');
    dirs.push(outDir);
    const out = path.join(outDir, 'existing.db');
    writeFileSync(out, 'keep me');
    const result = runCli(['backup', '--data-dir', t.dataDir, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists');
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
