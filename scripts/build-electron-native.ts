/**
 * better-sqlite3 for Electron's ABI, built beside (not over) the Node build that tests use:
 * the sources are copied to dist/native-build and compiled against Electron's headers; the
 * result lands in dist/native/better_sqlite3.node, which the desktop shell passes to the engine
 * as `nativeBinding`. Needs Electron's headers, which node-gyp downloads once (network).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = (require('electron/package.json') as { version: string }).version;
const source = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, 'dist', 'native-build', 'better-sqlite3');
const outDir = path.join(root, 'dist', 'native');
const out = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, 'electron-version.txt');

if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === electronVersion && !process.argv.includes('--force')) {
  process.stdout.write(`better-sqlite3 for Electron ${electronVersion} is already built (${out}).\n`);
} else {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.dirname(work), { recursive: true });
  for (const part of ['binding.gyp', 'package.json', 'src', 'deps']) cpSync(path.join(source, part), path.join(work, part), { recursive: true });
  process.stdout.write(`Building better-sqlite3 for Electron ${electronVersion} (${process.arch})…\n`);
  execFileSync(
    process.execPath,
    [
      require.resolve('node-gyp/bin/node-gyp.js'),
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
    ],
    { cwd: work, stdio: 'inherit' },
  );
  mkdirSync(outDir, { recursive: true });
  cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), out);
  writeFileSync(stamp, `${electronVersion}\n`);
  process.stdout.write(`Built ${out}\n`);
}
