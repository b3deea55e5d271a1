/**
 * End-to-end harness: the real engine (`serve` entry) on a fresh temporary data directory, and
 * Debian's Chromium driven by playwright-core. Nothing is mocked.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { createTestPgDatabase } from '../main/test-support/pg-server';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const resultsDir = path.join(repoRoot, 'test-results');

const READY_LINE = /^GDial: (http:\/\/\S+)\s*$/m;
const START_TIMEOUT_MS = 30_000;

export interface RunningEngine {
  url: string;
  dataDir: string;
  /** Where the engine keeps its data when on PostgreSQL (with the password), else undefined. */
  databaseUrl?: string;
  /** Everything the engine wrote to stderr (its logs), for failure messages. */
  stderr(): string;
  stop(): Promise<void>;
}

export type E2eDatabase = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL unless the run was started with GDIAL_TEST_PG=off (pg-server.ts says so). */
export function e2eDatabases(): E2eDatabase[] {
  return inject('pgServerUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * Starts `serve` on port 0; resolves once it printed its URL line. On 'postgres' it keeps its data
 * in a fresh database of the test run's server (GDIAL_DATABASE_URL), dropped again at `stop`.
 */
export async function startEngine(env: Record<string, string> = {}, database: E2eDatabase = 'sqlite'): Promise<RunningEngine> {
  if (!existsSync(path.join(repoRoot, 'dist/renderer/index.html'))) {
    throw new Error('The console is not built: run `npm run build:renderer` first (npm run test:e2e does).');
  }
  const serverUrl = inject('pgServerUrl');
  if (database === 'postgres' && !serverUrl) throw new Error('no PostgreSQL server for this run (GDIAL_TEST_PG=off)');
  const pgDatabase = database === 'postgres' ? await createTestPgDatabase(serverUrl!) : null;
  if (pgDatabase) env = { ...env, GDIAL_DATABASE_URL: pgDatabase.url };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-'));
  // Only the variables the test chooses: an operator's GDIAL_ADMIN_USER would skip first run.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GDIAL_')));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/entry/serve.ts', '--port', '0', '--data-dir', dataDir],
    // Any free port for the carrier's webhooks: the default (7421) would collide with another
    // engine running on this machine, e.g. a second test run.
    { cwd: repoRoot, env: { ...inherited, GDIAL_WEBHOOK_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // If the test process dies without its teardown, the engine must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    function fail(err: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = READY_LINE.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`serve exited early (code ${code}, signal ${signal})`)));
  });

  return {
    url,
    dataDir,
    databaseUrl: pgDatabase?.url,
    stderr: () => stderr,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
      await pgDatabase?.drop();
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** axe-core's browser bundle, when the package is installed; the a11y checks skip without it. */
export function axeScriptPath(): string | null {
  try {
    return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch {
    return null;
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe against WCAG 2.1 A/AA and returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page, script: string): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: page.addScriptTag would add an inline <script>,
  // which the console's CSP (script-src 'self') rightly refuses.
  await page.evaluate(readFileSync(script, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A port free on loopback just now, for an engine that must come back on the same one. */
export { freePort } from '../main/test-support/free-port';
