/**
 * The desktop app itself, driven by Playwright's Electron support: launch, first-run setup,
 * Översikt, a drill through the wizard to the built-in simulator until it is Klart, the window
 * closing to the tray while an alert is active, and quitting when none is.
 *
 * It needs Electron's own binary, which `npm install` downloads from GitHub. Where that binary is
 * missing (this repository's build machine has no internet beyond npm) the launch test is
 * reported as SKIPPED under a name that says why, and a warning is printed; the launch
 * configuration is still checked. Nothing here fakes Electron.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeBuilds } from '../scripts/build-node';
import { repoRoot, screenshot } from './harness';

const require = createRequire(import.meta.url);

/**
 * Where `require('electron')` points, found the way its index.js finds it but without its side
 * effect: when the binary is missing, that require starts a download (and fails offline).
 */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): { path: string | null; exists: boolean } {
  const dir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const file = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron')
    : relative
      ? path.join(dir, 'dist', relative)
      : null;
  return { path: file, exists: file !== null && existsSync(file) };
}

export const NO_BINARY =
  'SKIPPED: Electron binary not downloaded on this machine (run `npx electron --version` where it can be fetched)';
export const NO_DISPLAY = 'SKIPPED: no display for Electron on this Linux machine (run the tests under xvfb-run)';

/** How the smoke test starts the app: the repository as the app, on a data directory of its own. */
export function launchConfig(executablePath: string, dataDir: string, env: NodeJS.ProcessEnv = process.env) {
  // Nothing of the caller's GDial settings, and nothing that would turn Electron into plain Node.
  const inherited = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => v !== undefined && !k.startsWith('GDIAL_') && k !== 'ELECTRON_RUN_AS_NODE' && k !== 'NODE_OPTIONS'),
  ) as Record<string, string>;
  // Chromium refuses to start as root without this (containers); never in a real install.
  const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
  return {
    executablePath,
    args: ['.', ...(asRoot ? ['--no-sandbox'] : [])],
    cwd: repoRoot,
    env: {
      ...inherited,
      GDIAL_DATA_DIR: dataDir,
      GDIAL_SIMULATOR_PROFILE: 'fast',
      GDIAL_WEBHOOK_PORT: '0',
      GDIAL_PORT: '0',
      GDIAL_LOG_LEVEL: 'warn',
      // A live alert to more than one person waits for a second operator: an alert that stays
      // active for as long as the test needs it.
      GDIAL_APPROVAL_THRESHOLD: '1',
    },
    timeout: 60_000,
  };
}

const binary = electronBinary();
const display = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
const skipReason = !binary.exists ? NO_BINARY : !display ? NO_DISPLAY : null;
if (skipReason) console.warn(`electron-smoke: ${skipReason}`);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gdial-electron-'));
  dirs.push(dir);
  return dir;
}

/** The main bundle and preload fresh from source, and better-sqlite3 for Electron (cached). */
async function buildApp(): Promise<void> {
  if (!existsSync(path.join(repoRoot, 'dist/renderer/index.html'))) {
    throw new Error('The console is not built: run `npm run build:renderer` first (npm run test:e2e does).');
  }
  await Promise.all(nodeBuilds().map((options) => build({ ...options, logLevel: 'error' })));
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-electron-native.ts'], { cwd: repoRoot, stdio: 'inherit' });
}

describe('the desktop app (Electron)', () => {
  it('launch configuration: the repository as the app, a fresh data directory, the fast simulator', () => {
    const dir = dataDir();
    const config = launchConfig('/opt/electron/electron', dir, { PATH: '/usr/bin', GDIAL_ADMIN_USER: 'x', ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '--inspect' });
    expect(config.args[0]).toBe('.');
    expect(config.cwd).toBe(repoRoot);
    expect(config.env).toMatchObject({ PATH: '/usr/bin', GDIAL_DATA_DIR: dir, GDIAL_SIMULATOR_PROFILE: 'fast', GDIAL_WEBHOOK_PORT: '0' });
    expect(config.env).not.toHaveProperty('GDIAL_ADMIN_USER');
    expect(config.env).not.toHaveProperty('ELECTRON_RUN_AS_NODE');
    expect(config.env).not.toHaveProperty('NODE_OPTIONS');
    expect(readdirSync(dir)).toEqual([]);
    // '.' runs package.json's main, which is what the Node build writes.
    const main = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toBe('dist/electron/main.mjs');
    const esm = nodeBuilds('dist').find((b) => b.format === 'esm')!;
    expect(Object.keys(esm.entryPoints as Record<string, string>)).toContain('electron/main');
    expect(esm.outExtension).toEqual({ '.js': '.mjs' });
    // The binary is looked for where `require('electron')` would, and its absence is reported.
    expect(binary.path === null || binary.path.includes('electron')).toBe(true);
    if (!binary.exists) expect(skipReason).toBe(NO_BINARY);
  });

  it.skipIf(skipReason !== null)(
    skipReason ?? 'launches, sets up the first admin, shows Översikt, runs a drill to the simulator, closes to the tray during an alert',
    async () => {
      await buildApp();
      const app: ElectronApplication = await _electron.launch(launchConfig(binary.path!, dataDir()));
      try {
        const page: Page = await app.firstWindow();
        page.setDefaultTimeout(15_000);
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const h1 = (name: string) => page.getByRole('heading', { level: 1, name });
        expect(page.url()).toMatch(/^gdial:\/\/console\//);

        // First run: the first administrator, signed in at once.
        await h1('Välkommen till GDial').waitFor({ timeout: 30_000 });
        await page.getByRole('textbox', { name: 'Användarnamn', exact: true }).fill('anna');
        await page.getByRole('textbox', { name: 'Visningsnamn', exact: true }).fill('Anna Admin');
        await page.getByRole('textbox', { name: 'Lösenord', exact: true }).fill('korrekt-häst-batteri');
        await page.getByRole('textbox', { name: 'Upprepa lösenordet', exact: true }).fill('korrekt-häst-batteri');
        await page.getByRole('button', { name: 'Skapa administratör' }).click();
        await h1('Översikt').waitFor();

        // The page has the bridge and nothing else of Node or Electron.
        expect(await page.evaluate(() => [Object.keys((window as unknown as { gdial: object }).gdial).sort(), typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual([
          ['invoke', 'subscribe'],
          'undefined',
          'undefined',
        ]);

        // Three people in a group, through the bridge (the same IPC the console uses).
        const groupId = await page.evaluate(async () => {
          const { invoke } = (window as unknown as { gdial: { invoke(m: string, i: unknown): Promise<{ ok: boolean; value: { id: number } }> } }).gdial;
          const ids: number[] = [];
          for (const [name, number] of [['Anna Andersson', '070-100 00 01'], ['Bo Berg', '070-100 00 02'], ['Cilla Carlsson', '070-100 00 03']]) {
            ids.push((await invoke('contacts.create', { name, numbers: [{ number }] })).value.id);
          }
          const group = (await invoke('groups.create', { name: 'Insatsstyrka' })).value;
          await invoke('groups.setMembers', { id: group.id, contactIds: ids });
          return group.id;
        });
        expect(groupId).toBeGreaterThan(0);

        // A drill through the wizard, one round, to the built-in simulator.
        await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Larm' }).click();
        await h1('Larm').waitFor();
        await page.getByRole('link', { name: 'Nytt larm' }).click();
        await h1('Nytt larm').waitFor();
        await page.getByRole('textbox', { name: 'Rubrik' }).fill('Röktest');
        await page.getByRole('textbox', { name: 'Text för röstsamtal' }).fill('Det här är en övning. Tryck 1.');
        await page.getByRole('button', { name: 'Nästa' }).click();
        await page.getByRole('heading', { level: 2, name: 'Mottagare' }).waitFor();
        await page.getByRole('checkbox', { name: 'Insatsstyrka', exact: true }).check();
        await page.getByRole('button', { name: 'Nästa' }).click();
        await page.getByRole('heading', { level: 2, name: 'Kanaler och eskalering' }).waitFor();
        await page.getByRole('radio', { name: 'Röstsamtal', exact: true }).check();
        await page.getByRole('button', { name: 'Avancerade inställningar' }).click();
        await page.getByRole('textbox', { name: 'Omgångar', exact: true }).fill('1');
        await page.getByRole('button', { name: 'Nästa' }).click();
        await page.getByRole('switch', { name: /^Övning/ }).check();
        await page.getByRole('button', { name: 'Starta övningen' }).click();
        await h1('Röktest').waitFor();
        await page.getByTestId('drill-badge').first().waitFor();
        await expect.poll(async () => (await page.getByTestId('alert-state').first().textContent()) ?? '', { timeout: 60_000 }).toBe('Klart');
        await screenshot(page, 'electron-drill.png');

        // An active alert (a live one waiting for a second operator's approval): closing the
        // window keeps GDial running, hidden in the tray.
        const alertId = await page.evaluate(async (id) => {
          const { invoke } = (window as unknown as { gdial: { invoke(m: string, i: unknown): Promise<{ value: { id: number; state: string } }> } }).gdial;
          const alert = (await invoke('alerts.launch', { launchKey: 'electron-smoke-live-1', draft: { title: 'Väntar', voiceText: 'Test.', channels: ['voice'], groupIds: [id] } })).value;
          if (alert.state !== 'pending_approval') throw new Error(`expected approval to be needed, got ${alert.state}`);
          return alert.id;
        }, groupId);
        const windowState = () =>
          app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })));
        await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
        await expect.poll(windowState).toEqual([{ visible: false, destroyed: false }]);
        await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.show());

        // Once it is cancelled, closing the window quits GDial.
        await page.evaluate(async (id) => {
          const { invoke } = (window as unknown as { gdial: { invoke(m: string, i: unknown): Promise<unknown> } }).gdial;
          await invoke('alerts.cancel', { id });
        }, alertId);
        await expect.poll(async () => (await page.evaluate(async (id) => {
          const { invoke } = (window as unknown as { gdial: { invoke(m: string, i: unknown): Promise<{ value: { state: string } }> } }).gdial;
          return (await invoke('alerts.get', { id })).value.state;
        }, alertId))).toBe('canceled');
        expect(errors).toEqual([]);
        const closed = app.waitForEvent('close', { timeout: 30_000 });
        // The app may be gone before this call returns: that is the point.
        await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close()).catch(() => undefined);
        await closed;
      } finally {
        if (app.process().exitCode === null) await app.close().catch(() => undefined);
      }
    },
    240_000,
  );
});
