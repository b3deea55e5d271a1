/**
 * The connection indicator recovers by itself when the engine restarts: the console notices the
 * drop ("Återansluter…"), reconnects when the engine is back on the same port, resumes its
 * session and goes on working, with nobody reloading the page. Code the console loads later (the
 * Översikt chart) survives being cut off the same way: it is fetched again, and if it never
 * arrives, the page says so and keeps its menu instead of going blank.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../main/test-support/engine-fixture';
import { startServe, type ServeProcess } from '../main/test-support/run-node';
import { signUpFirstAdmin } from './console-steps';
import { freePort, launchBrowser } from './harness';

/** The chart's own chunk (see RatesChart: recharts is loaded only where it is drawn), also as retried (`?retry=<n>`). */
const CHART_CHUNK = /\/assets\/RatesLineChart-[^/?]+\.js(\?retry=\d+)?$/;
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
    await page.getByRole('cell', { name: ADMIN.username }).first().waitFor();
  });

  it('fetches the chart again when its code was cut off, and the page stays whole meanwhile', async () => {
    await page.reload(); // a fresh console: the chart's code is not loaded yet
    let cut = 0;
    // The browser's own network layer fails the first two fetches, as a restart mid-transfer does.
    await page.route(CHART_CHUNK, (route) => (cut++ < 2 ? route.abort('connectionreset') : route.continue()));
    await openOverview();
    await page.locator('.recharts-surface').first().waitFor();
    expect(cut).toBeGreaterThanOrEqual(3); // two cut off, then the one that arrived
    await expect(page.getByTestId('connection-status').textContent()).resolves.toContain('Ansluten');
    await page.unroute(CHART_CHUNK);
  });

  it('says the chart could not be loaded, keeps the figures and menu, and loads it on Försök igen', async () => {
    await page.reload(); // a fresh console: the chart's code is not loaded yet
    await page.route(CHART_CHUNK, (route) => route.abort('connectionrefused'));
    await openOverview();
    const failure = page.getByRole('alert').filter({ hasText: 'Diagrammet kunde inte laddas' });
    await failure.waitFor({ timeout: 30_000 }); // after every retry (about 15 s)
    // The rest of Översikt and the shell are still there.
    await page.getByRole('heading', { level: 2, name: 'Driftläge' }).waitFor();
    await expect(page.getByTestId('connection-status').textContent()).resolves.toContain('Ansluten');
    await page.getByRole('button', { name: 'Visa som tabell' }).click();
    await expect(page.getByTestId('rates-table').locator('tbody tr').count()).resolves.toBe(14);

    await page.unroute(CHART_CHUNK);
    await failure.getByRole('button', { name: 'Försök igen' }).click();
    // The button is gone; focus stays where the chart is, not thrown back to the page's start.
    await expect(page.evaluate(() => !!document.activeElement?.closest('section[aria-labelledby="overview-rates"]'))).resolves.toBe(true);
    await page.locator('.recharts-surface').first().waitFor();
    await expect(failure.count()).resolves.toBe(0);
  });
});

async function openOverview(): Promise<void> {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
}
