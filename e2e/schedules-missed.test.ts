/**
 * A run that falls while GDial is closed, in Chromium against the real engine: a one-off drill
 * scheduled a minute ahead, the engine stopped over it and started again on the same data and
 * port; the open console reconnects, and Schema and Översikt say in a banner which run was
 * skipped, until the operator has seen it.
 *
 * Slow by nature: the engine counts a run as missed only when it is found more than a minute late.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServe } from '../main/test-support/run-node';
import type { ServeProcess } from '../main/test-support/run-node';
import { groupsCsv } from './alert-fixture';
import { consoleView, importContactsCsv, openOperatorTab, scheduleVoiceDrill, signUpFirstAdmin } from './console-steps';
import { freePort, launchBrowser, screenshot } from './harness';

const ADMIN = { username: 'hugo', displayName: 'Hugo Holm', password: 'medan-gdial-sov' };
const ZONE = 'Europe/Stockholm';
const CREW = ['Anna Andersson', 'Bo Berg'];

/** Wall-clock date and time of an instant in Stockholm, as the once-form's fields take them. */
function stockholmDateTime(ms: number): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

describe('a run missed while GDial was closed', () => {
  // The engine counts a run found more than a minute late as missed.
  const GRACE_MS = 60_000;
  let serve: ServeProcess | null = null;
  let dataDir: string;
  let files: string;
  let port: number;
  let browser: Browser;
  let page: Page;

  // The same port each time, so the open console reconnects by itself and keeps its session.
  const start = () => startServe(['--port', String(port), '--data-dir', dataDir], { GDIAL_TIME_ZONE: ZONE, GDIAL_SIMULATOR_PROFILE: 'fast' });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-missed-'));
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-missed-files-'));
    port = await freePort();
    serve = await start();
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { timezoneId: ZONE, timeout: 15_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (files) rmSync(files, { recursive: true, force: true });
  });

  const { h1, nav, a11y } = consoleView(() => page);

  it('says on Översikt and Schema, after the restart, which run was skipped while GDial was closed', { timeout: 240_000 }, async () => {
    await signUpFirstAdmin(page, serve!.url, ADMIN);
    expect(await importContactsCsv(page, files, groupsCsv(CREW, 0))).toContain(`Nya: ${CREW.length}.`);

    await nav('Schema').click();
    await h1('Schema').waitFor();
    await page.getByRole('link', { name: 'Nytt schema' }).click();
    await h1('Nytt schema').waitFor();
    await page.getByRole('textbox', { name: 'Namn', exact: true }).fill('Engångsprov');
    await page.getByRole('radio', { name: 'En gång' }).check();
    await scheduleVoiceDrill(page, { title: 'Engångsprov', voice: 'Övning. Tryck 1.', group: 'Insatsstyrka' });
    // Once, at the next whole minute at least 20 s away, chosen last: on a loaded machine the
    // rest of the form may take longer than that, and a time already past would never run.
    const due = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const at = stockholmDateTime(due);
    await page.getByLabel('Datum').fill(at.date);
    await page.getByLabel('Klockslag').fill(at.time);
    await expect.poll(() => page.getByTestId('next-runs-list').locator('li').getAttribute('data-at')).toBe(new Date(due).toISOString());
    await page.getByRole('button', { name: 'Skapa schema' }).click();
    await h1('Schema').waitFor();
    await page.getByTestId('schedule-table').waitFor();

    // GDial is closed over the run and until it is clearly late.
    await serve!.stop();
    serve = null;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due + GRACE_MS + 5_000 - Date.now())));
    serve = await start();

    const banner = page.getByTestId('missed-runs');
    await expect
      .poll(
        async () => {
          await page.reload();
          await h1('Schema').waitFor();
          await page.getByTestId('schedule-runs').or(page.getByText('Inga körningar än.')).waitFor();
          return banner.count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await banner.textContent()).toContain('1 schemalagd körning missades medan GDial var stängt');
    expect(await banner.textContent()).toContain('Engångsprov, planerad');
    expect(await banner.textContent()).toContain('hoppades över och noterades');
    expect(await page.getByTestId('schedule-runs').locator('tbody tr').first().textContent()).toContain('Missat – hoppades över');
    await a11y();
    await screenshot(page, 'schedules-missed.png');

    await nav('Översikt').click();
    await h1('Översikt').waitFor();
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Jag har sett det' }).click();
    await banner.waitFor({ state: 'detached' });
    await nav('Schema').click();
    await h1('Schema').waitFor();
    await page.getByTestId('schedule-runs').waitFor();
    await expect(banner.count()).resolves.toBe(0);
  });
});
