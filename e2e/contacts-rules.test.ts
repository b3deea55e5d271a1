/**
 * The engine's contact rules as the operator meets them in Chromium: an Outlook file's numbers
 * come in mobile first (the preview says which number is called first), search ignores å/ä/ö
 * and case, the contact editor warns when a number already belongs to someone else, and a
 * viewer sees no editing buttons (the console asks the contract, not a role of its own); a
 * one-off schedule's time on a daylight-saving change day is computed, or refused, by the engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleView, openOperatorTab, signIn, signUpFirstAdmin, stopAll, warnIfNoAxe } from './console-steps';
import { launchBrowser, startEngine } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'anna', displayName: 'Anna Admin', password: 'korrekt-häst-batteri' };
const VIEWER = { username: 'vera', displayName: 'Vera Visare', password: 'glada-tranor-flyger-högt' };

// Outlook's own column order: Business Phone, Home Phone, then Mobile Phone.
const OUTLOOK_CSV = [
  '"First Name","Last Name","Company","Business Phone","Home Phone","Mobile Phone","Categories"',
  '"Åsa","Öberg","Räddningstjänsten Syd","08-123 456 78","040-12 34 56","070-123 45 67","Styrka 1"',
  '"Björn","Ekström","Ambulans","040-34 10 00","","070-234 56 78","Styrka 1"',
].join('\r\n');

describe('contact rules owned by the engine', () => {
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let files: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-contact-rules-'));
    engine = await startEngine({ GDIAL_LOG_LEVEL: 'warn' });
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors });
  });

  afterAll(() => stopAll({ browser, engine, files }));

  const { h1, nav, text, a11y } = consoleView(() => page);
  const wizard = () => page.getByRole('dialog', { name: 'Importera kontakter' });
  const grid = () => page.getByRole('grid', { name: 'Kontakter i bokstavsordning' });
  const count = () => page.getByTestId('contacts-count');
  const search = () => page.getByRole('searchbox', { name: 'Sök kontakt' });

  it('imports an Outlook file: the preview calls the mobile first, and the contact keeps mobile, work, home', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    await nav('Kontakter').click();
    await h1('Kontakter').waitFor();
    await page.getByRole('button', { name: 'Importera' }).click();
    const file = path.join(files, 'outlook.csv');
    writeFileSync(file, `\ufeff${OUTLOOK_CSV}`, 'utf8');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), wizard().getByRole('button', { name: 'Välj fil' }).click()]);
    await chooser.setFiles(file);
    await wizard().getByRole('button', { name: 'Läs filen' }).click();
    await wizard().getByRole('heading', { name: 'Kontrollera kolumnerna' }).waitFor();
    await wizard().getByRole('button', { name: 'Nästa' }).click();
    await wizard().getByRole('heading', { name: 'Granska raderna' }).waitFor();

    const rows = wizard().getByTestId('import-rows');
    await expect(rows.getByRole('columnheader', { name: 'Ringer först' }).count()).resolves.toBe(1);
    const asa = rows.locator('tbody tr', { hasText: 'Åsa Öberg' });
    expect(await text(asa.getByTestId('first-call'))).toBe('+46701234567');
    expect(await text(asa)).toContain('+46701234567, +46812345678, +4640123456');
    expect(await text(rows.locator('tbody tr', { hasText: 'Björn Ekström' }).getByTestId('first-call'))).toBe('+46702345678');
    await a11y();

    await wizard().getByRole('button', { name: 'Nästa' }).click();
    await wizard().getByRole('button', { name: 'Importera' }).click();
    await wizard().getByTestId('import-result').waitFor();
    await wizard().getByRole('button', { name: 'Stäng', exact: true }).last().click();
    await wizard().waitFor({ state: 'detached' });
    await expect.poll(() => text(count())).toBe('2 kontakter');

    const row = grid().locator('[role=row]', { hasText: 'Åsa Öberg' });
    await row.getByRole('gridcell').first().click();
    const drawer = page.getByRole('dialog', { name: 'Redigera Åsa Öberg' });
    await drawer.waitFor();
    const numbers = await Promise.all([1, 2, 3].map((n) => drawer.getByRole('textbox', { name: `Nummer ${n}`, exact: true }).inputValue()));
    expect(numbers).toEqual(['+46701234567', '+46812345678', '+4640123456']);
    const labels = await Promise.all([1, 2, 3].map((n) => drawer.getByRole('textbox', { name: `Etikett för nummer ${n}`, exact: true }).inputValue()));
    expect(labels).toEqual(['mobil', 'arbete', 'hem']);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('finds Öberg by "oberg" and Ekström by "EKSTROM"', async () => {
    const firstRow = () => text(grid().locator('[role=row][aria-rowindex="2"]'));
    await search().fill('oberg');
    await expect.poll(firstRow).toContain('Åsa Öberg');
    await expect.poll(() => text(count())).toBe('1 kontakt');
    await search().fill('EKSTROM');
    await expect.poll(firstRow).toContain('Björn Ekström');
    await expect.poll(() => text(count())).toBe('1 kontakt');
    await search().fill('');
    await expect.poll(() => text(count())).toBe('2 kontakter');
  });

  it('warns, without blocking, when a new contact gets a number that is already Åsa\'s', async () => {
    await page.getByRole('button', { name: 'Ny kontakt' }).first().click();
    const drawer = page.getByRole('dialog', { name: 'Ny kontakt' });
    await drawer.waitFor();
    await drawer.getByRole('textbox', { name: 'Namn' }).fill('Jour Telefon');
    const first = drawer.getByRole('textbox', { name: 'Nummer 1', exact: true });
    if ((await first.count()) === 0) await drawer.getByRole('button', { name: 'Lägg till nummer' }).click();
    await first.fill('070-123 45 67');
    const warning = drawer.getByTestId('number-owners');
    await expect.poll(() => text(warning)).toContain('Åsa Öberg');
    // Read with the field: the input's description holds the warning.
    const describedBy = (await first.getAttribute('aria-describedby')) ?? '';
    const description = await page.evaluate((ids) => ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
    expect(description).toContain('finns redan hos Åsa Öberg');
    await a11y();

    // A warning, not a block: the contact is created with the shared number.
    await drawer.getByRole('button', { name: 'Skapa' }).click();
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => text(count())).toBe('3 kontakter');
  });

  it('a one-off schedule: the engine refuses 02:30 on the March change day and computes the October one', async () => {
    await nav('Schema').click();
    await h1('Schema').waitFor();
    await page.getByRole('link', { name: 'Nytt schema' }).click();
    await h1('Nytt schema').waitFor();
    await page.getByRole('radio', { name: 'En gång' }).check();
    const runAt = () => page.getByTestId('next-runs-list').locator('li').first().getAttribute('data-at');
    await page.getByLabel('Datum').fill('2027-03-28');
    await page.getByLabel('Klockslag').fill('03:00');
    await expect.poll(runAt).toBe('2027-03-28T01:00:00.000Z');
    // The hour the clocks skip: refused by the engine, said at the field.
    await page.getByLabel('Klockslag').fill('02:30');
    await page.getByText(/Klockslaget finns inte den dagen i Europe\/Stockholm/).waitFor();
    await expect(page.getByLabel('Datum').getAttribute('aria-invalid')).resolves.toBe('true');
    await a11y();
    // The hour that happens twice: its first occurrence, on summer time.
    await page.getByLabel('Datum').fill('2027-10-31');
    await expect.poll(runAt).toBe('2027-10-31T00:30:00.000Z');
  });

  it('shows a viewer no editing buttons, and no menu entry the contract keeps from viewers', async () => {
    await nav('Användare').click();
    await h1('Användare').waitFor();
    await page.getByRole('button', { name: 'Ny användare' }).click();
    const form = page.getByRole('dialog', { name: 'Ny användare' });
    await form.getByRole('textbox', { name: 'Användarnamn', exact: true }).fill(VIEWER.username);
    await form.getByRole('textbox', { name: 'Visningsnamn', exact: true }).fill(VIEWER.displayName);
    await form.getByRole('combobox', { name: 'Roll' }).selectOption('viewer');
    await form.getByRole('textbox', { name: 'Lösenord', exact: true }).fill(VIEWER.password);
    await form.getByRole('textbox', { name: 'Upprepa lösenordet', exact: true }).fill(VIEWER.password);
    await form.getByRole('button', { name: 'Skapa' }).click();
    await form.waitFor({ state: 'detached' });

    const viewerPage = await openOperatorTab(browser, { errors: pageErrors });
    try {
      await viewerPage.goto(engine.url);
      await signIn(viewerPage, VIEWER);
      await viewerPage.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
      const menu = viewerPage.getByRole('navigation', { name: 'Huvudmeny' });
      await menu.getByRole('link', { name: 'Kontakter' }).click();
      await viewerPage.getByRole('heading', { level: 1, name: 'Kontakter' }).waitFor();
      await viewerPage.getByTestId('contacts-count').waitFor();
      expect(await menu.getByRole('link', { name: 'Användare' }).count()).toBe(0);
      expect(await viewerPage.getByRole('button', { name: 'Importera' }).count()).toBe(0);
      expect(await viewerPage.getByRole('button', { name: 'Ny kontakt' }).count()).toBe(0);
      await menu.getByRole('link', { name: 'Larm' }).click();
      await viewerPage.getByRole('heading', { level: 1, name: 'Larm' }).waitFor();
      expect(await viewerPage.getByRole('link', { name: 'Nytt larm' }).count()).toBe(0);
    } finally {
      await viewerPage.context().close();
    }
    expect(pageErrors).toEqual([]);
  });
});
