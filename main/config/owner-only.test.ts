import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from './paths';
import { removeDir, startTestEngine, tempDir, type TestEngine } from '../test-support/engine-fixture';
import { ownerOnlyModes, tightenTree } from './owner-only';

let t: TestEngine | null = null;
let dir: string | null = null;
let umaskBefore: number | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
  if (umaskBefore !== null) process.umask(umaskBefore);
  umaskBefore = null;
  if (dir) removeDir(dir);
  dir = null;
});

/** Every folder and file under root with its permission bits, relative paths. */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string) => {
    const s = statSync(p);
    out[path.relative(root, p) || '.'] = (s.mode & 0o777).toString(8);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
  };
  walk(root);
  return out;
}

// Windows has no POSIX modes: the per-user application data folder's ACL restricts GDial's files
// there (see owner-only.ts), so there is nothing to check on that platform.
describe.skipIf(!ownerOnlyModes())('files only their owner can read', () => {
  for (const umask of [0o022, 0o000]) {
    it(`a real engine start under umask ${umask.toString(8).padStart(3, '0')} makes every folder 0700 and every file 0600, and tightens what an earlier version left readable`, async () => {
      umaskBefore = process.umask(umask);
      dir = tempDir();
      chmodSync(dir, 0o755);
      // What an earlier version left: readable folders and files.
      mkdirSync(path.join(dir, 'logs'), { mode: 0o755 });
      writeFileSync(path.join(dir, 'logs', 'gdial.log.1'), 'old log\n', { mode: 0o644 });
      mkdirSync(path.join(dir, 'backups'), { mode: 0o777 });
      writeFileSync(path.join(dir, 'backups', 'gdial-older.db'), 'old backup', { mode: 0o644 });
      chmodSync(path.join(dir, 'backups', 'gdial-older.db'), 0o666);

      // The real logger (not the tests' silent one), so logs/gdial.1.log is written as in production.
      t = await startTestEngine({ dataDir: dir, logger: undefined, env: { GDIAL_LOG_LEVEL: 'warn' } });
      const admin = await t.signedIn('admin');
      const backup = await t.call(admin, 'backups.run', {});

      const found = modes(dir);
      for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, 'gdial.lock', 'logs/gdial.1.log', 'logs/gdial.log.1', 'backups/gdial-older.db', path.join('backups', backup.fileName)]) {
        expect(found[file], file).toBe('600');
      }
      for (const folder of ['.', 'logs', 'backups']) expect(found[folder], folder).toBe('700');
      // And nothing else anywhere in the data directory is readable by others.
      const loose = Object.entries(found).filter(([p, m]) => m !== (statSync(path.join(dir!, p)).isDirectory() ? '700' : '600'));
      expect(loose).toEqual([]);
    });
  }

  it('tightenTree leaves symbolic links and what they point to alone', async () => {
    dir = tempDir();
    const outside = tempDir('gdial-outside-');
    try {
      writeFileSync(path.join(outside, 'shared.txt'), 'x', { mode: 0o644 });
      chmodSync(path.join(outside, 'shared.txt'), 0o644);
      const { symlinkSync } = await import('node:fs');
      symlinkSync(path.join(outside, 'shared.txt'), path.join(dir, 'link'));
      expect(tightenTree(dir)).toEqual([]);
      expect((statSync(path.join(outside, 'shared.txt')).mode & 0o777).toString(8)).toBe('644');
    } finally {
      removeDir(outside);
    }
  });
});
