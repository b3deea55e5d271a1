/**
 * The connection indicator recovers by itself when the engine restarts: the console notices the
 * drop ("Återansluter…"), reconnects when the engine is back on the same port, resumes its
 * session and goes on working, with nobody reloading the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../main/test-support/engine-fixture';
import { startServe, type ServeProcess } from '../main/test-support/run-node';
import { signUpFirstAdmin } from './console-steps';
import { freePort, launchBrowser } from './harness';

const ADMIN = { username: 'vakthavande', displayName: 'Vakthavande', password: 'rätt lösenord 2026' };

let browser: Browser;
let page: Page;
let serve: ServeProcess | null = null;
let dataDir: string;
let port: number;

const start = () => startServe(['--port', String(port), '--data-dir', dataDir]);

beforeAll(async () => {
  dataDir = tempDir('gdial-e2e-reconnect-');
  port = await freePort();
  serve = await start();
  browser = await launchBrowser();
  page = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  removeDir(dataDir);
});

describe('connection indicator', () => {
  it('shows the drop, reconnects by itself when the engine is back, and keeps the session', async () => {
    await signUpFirstAdmin(page, serve!.url, ADMIN);
    const indicator = page.getByRole('status').filter({ hasText: /Ansluten|Återansluter/ });
    await expect.poll(() => indicator.textContent()).toContain('Ansluten');

    await serve!.stop();
    await expect.poll(() => indicator.textContent(), { timeout: 15_000 }).toContain('Återansluter');

    serve = await start();
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toContain('Ansluten');
    // Still signed in, and the engine answers: the users page lists the admin.
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Användare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Användare' }).waitFor();
    await expect(page.getByRole('cell', { name: ADMIN.username }).first().isVisible()).resolves.toBe(true);
  });
});
