/**
 * Bundles the Node-side entry points with esbuild: the Electron main process (ESM), its preload
 * (one CommonJS file: sandboxed preloads cannot load modules), and `serve`/`gdial` for headless
 * installs, plus every worker thread and child process entry (main/workers/worker-entry.ts) as
 * dist/workers/<name>.mjs, where the bundles look for them. Dependencies stay in node_modules,
 * except in the preload, which must stand alone.
 */
import { build, type BuildOptions } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_ENTRIES } from '../main/workers/worker-entry';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function nodeBuilds(outDir = path.join(root, 'dist')): BuildOptions[] {
  const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
  return [
    {
      ...common,
      entryPoints: {
        'electron/main': 'electron/main.ts',
        serve: 'main/entry/serve.ts',
        gdial: 'main/entry/cli.ts',
        ...Object.fromEntries(Object.entries(WORKER_ENTRIES).map(([name, source]) => [`workers/${name}`, `main/${source}`])),
      },
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      packages: 'external',
    },
    {
      ...common,
      entryPoints: { 'electron/preload': 'electron/preload.ts' },
      outdir: outDir,
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      minify: true,
      external: ['electron'],
    },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await Promise.all(nodeBuilds().map((options) => build(options)));
}
