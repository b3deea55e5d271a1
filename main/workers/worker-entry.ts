/**
 * Where a worker thread's or child process's entry file is, wherever GDial runs: from TypeScript
 * source (tsx, vitest), from the esbuild bundles in dist/ (`npm run serve`, the CLI), and inside
 * the Electron app (dist/ in app.asar, which worker threads and Electron's utility processes read).
 *
 * Every entry is listed in WORKER_ENTRIES: scripts/build-node.ts bundles each one to
 * dist/workers/<name>.mjs, and this module finds it there. In source mode the .ts file runs with
 * tsx's loader, which a worker thread does not inherit and a child process must be told about.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** name → its source file under main/. Add yours here; the build and the lookup both read this list. */
export const WORKER_ENTRIES = {
  'espeak-child': 'tts/espeak-child.ts',
  'backup-worker': 'backup/backup-worker.ts',
  'password-worker': 'auth/password-worker.ts',
  'contact-parse-worker': 'contacts/parse/parse-worker.ts',
} as const satisfies Record<string, string>;

export type WorkerName = keyof typeof WORKER_ENTRIES;

const here = fileURLToPath(import.meta.url);
/** True when this file runs as TypeScript (tsx, vitest), false inside a bundle. */
export const fromSource = here.endsWith('.ts');

export interface EntryFile {
  file: string;
  /** Arguments for the runtime that loads it: tsx's loader in source mode, none from a bundle. */
  execArgv: string[];
}

/** tsx's ESM loader (".") or API ("./esm/api") as a file URL, found whatever the current directory is. */
function tsxLoader(subpath: '.' | './esm/api'): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, string | { import: { default: string } }> };
  const target = pkg.exports[subpath]!;
  // The ESM build: the CommonJS one loads its ESM half by a path that does not exist in an eval'd worker.
  return pathToFileURL(path.join(path.dirname(pkgFile), typeof target === 'string' ? target : target.import.default)).href;
}

/**
 * The entry file of `name`. From a bundle (dist/serve.mjs, dist/electron/main.mjs) the workers
 * sit in dist/workers/, one or two folders up from the importing bundle.
 */
export function workerEntry(name: WorkerName): EntryFile {
  if (fromSource) {
    return { file: path.join(path.dirname(here), '..', WORKER_ENTRIES[name]), execArgv: ['--import', tsxLoader('.')] };
  }
  const dir = path.dirname(here);
  const candidates = [path.join(dir, 'workers', `${name}.mjs`), path.join(dir, '..', 'workers', `${name}.mjs`)];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`GDial is incomplete: ${name}.mjs is missing (looked in ${candidates.join(', ')}); build it again`);
  return { file, execArgv: [] };
}

/**
 * Starts `name` in a worker thread. In source mode a tiny bootstrap registers tsx in the new
 * thread first: `--import tsx` in a worker's execArgv does not reach its module loader on Node 20.
 */
export function startWorker(name: WorkerName, options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {}): Worker {
  const { file } = workerEntry(name);
  if (!fromSource) return new Worker(file, options);
  const api = tsxLoader('./esm/api');
  const boot = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(pathToFileURL(file).href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(boot, { ...options, eval: true });
}
