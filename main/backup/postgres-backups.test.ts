// The admin commands on PostgreSQL: backup and restore are the database's own, and they say so.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import { runCli } from '../test-support/run-node';

// Never reached: the commands refuse before they connect, and the password is never shown.
const URL = 'postgres://gdial:s3cret-pw@db.example.internal:5433/gdial_prod';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('gdial backup and restore with GDIAL_DATABASE_URL', () => {
  it('refuse with exit 2, naming pg_dump and point-in-time recovery and the database, and touch nothing', () => {
    const dataDir = tempDir('gdial-cli-pg-');
    dirs.push(dataDir);
    const out = path.join(dataDir, 'copy.db');
    const backup = runCli(['backup', '--data-dir', dataDir, '--out', out], { GDIAL_DATABASE_URL: URL });
    expect(backup.code).toBe(2);
    expect(backup.stderr).toMatch(/PostgreSQL/);
    expect(backup.stderr).toMatch(/pg_dump/);
    expect(backup.stderr).toMatch(/point-in-time recovery/);
    expect(backup.stderr).toContain('db.example.internal:5433/gdial_prod');
    expect(backup.stderr + backup.stdout).not.toContain('s3cret-pw');
    expect(existsSync(out)).toBe(false);

    const from = path.join(dataDir, 'some-backup.db');
    writeFileSync(from, 'not touched');
    const restore = runCli(['restore', '--data-dir', dataDir, '--from', from], { GDIAL_DATABASE_URL: URL });
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/pg_restore|point-in-time recovery/);
    expect(restore.stderr + restore.stdout).not.toContain('s3cret-pw');
    expect(readdirSync(dataDir)).toEqual(['some-backup.db']);
  }, 120_000);
});
