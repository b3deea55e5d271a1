/**
 * API-nycklar and API-dokumentation in Chromium against the real engine: an administrator creates a
 * key, sees it once, uses it over HTTP, revokes it (refused at once), and reads the docs page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleView, expectAccessible, openOperatorTab, signUpFirstAdmin, stopAll, warnIfNoAxe } from './console-steps';
import { launchBrowser, screenshot, startEngine, type RunningEngine } from './harness';

const ADMIN = { username: 'nyckel-admin', displayName: 'Nora Nyckel', password: 'nycklar-i-en-knippa-42' };

describe('API keys in the console', () => {
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const view = consoleView(() => page);
  let secret = '';

  const callApi = (key: string) => fetch(`${engine.url}/api/v1/alerts/list`, { headers: { Authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    warnIfNoAxe();
    engine = await startEngine({ GDIAL_LOG_LEVEL: 'warn' });
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors });
    await signUpFirstAdmin(page, engine.url, ADMIN);
  });
  afterAll(() => stopAll({ browser, engine }));

  it('creates a key that is shown once, and that calls the API', async () => {
    await view.nav('Integrationer').click();
    await view.h1('Integrationer').waitFor();
    await page.getByRole('tab', { name: 'API-nycklar' }).click();
    await page.getByText('Inga API-nycklar ännu.').waitFor();
    await page.getByRole('button', { name: 'Ny API-nyckel' }).click();
    const form = page.getByRole('dialog', { name: 'Ny API-nyckel' });
    await form.getByRole('textbox', { name: 'Namn' }).fill('Larmmottagare SOS');
    await form.getByRole('combobox', { name: 'Roll' }).selectOption('viewer');
    await form.getByRole('button', { name: 'Skapa nyckel' }).click();

    const shown = page.getByRole('dialog', { name: 'API-nyckeln Larmmottagare SOS är skapad' });
    await shown.waitFor();
    await expect.poll(() => shown.textContent()).toContain('Nyckeln visas bara en gång.');
    secret = await shown.getByRole('textbox', { name: 'API-nyckel' }).inputValue();
    expect(secret).toMatch(/^gdk_[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => shown.getByRole('button', { name: 'Kopiera nyckeln' }).isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'api-key-shown-once.png');
    await shown.getByRole('button', { name: 'Jag har sparat nyckeln' }).click();
    await shown.waitFor({ state: 'detached' });

    const table = page.getByRole('table', { name: 'API-nycklar' });
    const row = table.getByRole('row', { name: /Larmmottagare SOS/ });
    await expect.poll(() => row.textContent()).toContain(secret.slice(0, 12));
    expect(await row.textContent()).toContain('Läsare');
    expect(await row.textContent()).toContain('Aktiv');
    // Shown once: the page no longer holds the key anywhere.
    expect(await page.content()).not.toContain(secret);
    await expectAccessible(page);
    await screenshot(page, 'api-keys.png');

    expect((await callApi(secret)).status).toBe(200);
  });

  it('revokes the key after a confirmation, and the next call is refused', async () => {
    await page.getByRole('button', { name: 'Återkalla Larmmottagare SOS' }).click();
    const confirm = page.getByRole('dialog', { name: 'Återkalla API-nyckeln Larmmottagare SOS?' });
    await confirm.getByRole('button', { name: 'Återkalla nyckeln' }).click();
    await confirm.waitFor({ state: 'detached' });
    const row = page.getByRole('table', { name: 'API-nycklar' }).getByRole('row', { name: /Larmmottagare SOS/ });
    await expect.poll(() => row.textContent()).toContain('Återkallad');
    expect(await page.getByRole('button', { name: 'Återkalla Larmmottagare SOS' }).count()).toBe(0);
    expect((await callApi(secret)).status).toBe(401);
  });

  it('lists the same keys under Inställningar, where admins look for access', async () => {
    await view.nav('Inställningar').click();
    await view.h1('Inställningar').waitFor();
    const row = page.getByRole('table', { name: 'API-nycklar' }).getByRole('row', { name: /Larmmottagare SOS/ });
    await expect.poll(() => row.textContent()).toContain('Återkallad');
    expect(await page.getByRole('button', { name: 'Ny API-nyckel' }).count()).toBe(1);
    await expectAccessible(page);
    await view.nav('Integrationer').click();
    await view.h1('Integrationer').waitFor();
  });

  it('documents the API per method, with its path, role, input and a curl example', async () => {
    await page.getByRole('tab', { name: 'API-dokumentation' }).click();
    await page.getByRole('textbox', { name: 'Sök metod' }).fill('launch');
    const launch = page.getByRole('region', { name: 'alerts.launch' });
    await launch.waitFor();
    const textOf = await launch.textContent();
    expect(textOf).toContain('POST /api/v1/alerts/launch');
    expect(textOf).toContain('Operatör');
    expect(textOf).toContain('Idempotency-Key');
    expect(textOf).toContain('Startar ett larm.');
    expect(textOf).toContain('draft.groupIds');
    expect(textOf).toContain('draft');
    await expectAccessible(page);
    await screenshot(page, 'api-docs.png');
    expect(pageErrors).toEqual([]);
  });
});
