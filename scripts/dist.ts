/**
 * `npm run dist[:win|:mac|:linux]`, after `build` and `build:electron-native`: packages GDial with
 * electron-builder (electron-builder.yml plus the signing plan from the environment) into
 * release/. Refuses to cross-build, to package without the Electron database module, and to
 * ship unsigned when GDIAL_REQUIRE_SIGNING=1. Never prints a credential, only which kind is used.
 */
import builder, { type Configuration } from 'electron-builder';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossBuildProblem, distPlan, targetOs, type TargetOs } from './dist-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(message: string): never {
  process.stderr.write(`dist: ${message}\n`);
  process.exit(1);
}

function checkNativeModule(): void {
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const stamp = path.join(root, 'dist', 'native', 'electron-version.txt');
  if (!existsSync(path.join(root, 'dist', 'native', 'better_sqlite3.node')) || !existsSync(stamp)) {
    fail('dist/native/better_sqlite3.node is missing: run npm run build:electron-native first.');
  }
  const built = readFileSync(stamp, 'utf8').trim();
  if (built !== electronVersion) fail(`dist/native was built for Electron ${built}, not ${electronVersion}: run npm run build:electron-native.`);
}

async function main(): Promise<void> {
  const os: TargetOs = targetOs(process.argv.slice(2), process.platform);
  const cross = crossBuildProblem(os, process.platform);
  if (cross) fail(cross);
  if (!existsSync(path.join(root, 'dist', 'electron', 'main.mjs')) || !existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
    fail('dist/ is not built: run npm run build first (npm run dist does).');
  }
  checkNativeModule();

  const plan = distPlan(os, process.env);
  process.stdout.write(`dist: ${os} ${process.arch}, signing: ${plan.signing}${os === 'mac' ? `, notarization: ${plan.notarization}` : ''}\n`);
  for (const note of plan.notes) process.stdout.write(`dist: note: ${note}\n`);
  if (plan.problems.length) fail(plan.problems.join('\n'));

  const { build, Platform, Arch } = builder;
  const platform = { win: Platform.WINDOWS, mac: Platform.MAC, linux: Platform.LINUX }[os];
  // The same architecture the database module was just compiled for.
  const arch = Arch[process.arch as keyof typeof Arch];
  if (arch === undefined) fail(`no Electron build for the ${process.arch} architecture`);
  const artifacts = await build({
    projectDir: root,
    targets: platform.createTarget(null, arch),
    config: plan.overrides as Configuration,
    publish: 'never',
  });
  process.stdout.write(`dist: built\n${artifacts.map((a) => `  ${path.relative(root, a)}`).join('\n')}\n`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
