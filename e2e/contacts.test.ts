/**
 * The address book in Chromium against the real engine, as an operator meets it: an empty
 * book, a Swedish Excel file (Windows-1252, semicolons, one bad number) through the import
 * wizard, a search by a number typed the Swedish way, the numbers' call-out order changed with
 * the keyboard only, an export read back from disk, and the group the file created.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, WebSocket } from 'playwright-core';
import { consoleView, openOperatorTab, signUpFirstAdmin, stopAll, warnIfNoAxe } from './console-steps';
import { launchBrowser, screenshot, startEngine } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'anna', displayName: 'Anna Admin', password: 'korrekt-häst-batteri' };

// As Swedish Excel saves "CSV (semikolonavgränsad)": Windows-1252, CRLF, no BOM.
const SWEDISH_CSV = [
  'namn;mobil;telefon;grupp',
  'Åsa Öberg;070-123 45 67;08-123 456 78;Räddningstjänst',
  'Bertil Ängström;0702345678;;Räddningstjänst',
  'Cecilia Ek;070-12;;Räddningstjänst',
].join('\r\n');

describe('contacts and groups', () => {
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let files: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-contacts-'));
    // A 1 MB import limit, so the size refusal needs no 50 MB file.
    engine = await startEngine({ GDIAL_LOG_LEVEL: 'warn', GDIAL_IMPORT_MAX_MEGABYTES: '1' });
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors, acceptDownloads: true });
  });

  afterAll(() => stopAll({ browser, engine, files }));

  const { h1, nav, text, a11y } = consoleView(() => page);
  const wizard = () => page.getByRole('dialog', { name: 'Importera kontakter' });
  const grid = () => page.getByRole('grid', { name: 'Kontakter i bokstavsordning' });
  const count = () => page.getByTestId('contacts-count');

  async function chooseFile(name: string, content: Buffer): Promise<void> {
    const file = path.join(files, name);
    writeFileSync(file, content);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), wizard().getByRole('button', { name: 'Välj fil' }).click()]);
    await chooser.setFiles(file);
    await wizard().getByText(`Vald fil: ${name}`).waitFor();
  }

  it('signs in the first administrator and shows an empty address book', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);

    await nav('Kontakter').click();
    await h1('Kontakter').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Inga kontakter än' }).waitFor();
    await expect.poll(() => text(count())).toBe('0 kontakter');
  });

  it('refuses a file that is not a contact list, with the reason and nothing imported', async () => {
    await page.getByRole('button', { name: 'Importera' }).click();
    await wizard().waitFor();
    await chooseFile('lista.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await wizard().getByRole('button', { name: 'Läs filen' }).click();
    const alert = wizard().getByRole('alert');
    await alert.waitFor();
    expect(await text(alert)).toContain('inte en textfil');
    await page.keyboard.press('Escape');
    await wizard().waitFor({ state: 'detached' });
    // Focus returns to the button that opened the wizard.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Importera');
    expect(await text(count())).toBe('0 kontakter');
  });

  it('refuses a file over the size limit in the console, in MB, without sending it to the engine', async () => {
    const sent: string[] = [];
    const watch = (ws: WebSocket) => ws.on('framesent', (f) => sent.push(String(f.payload)));
    page.on('websocket', watch);
    // Playwright only sees sockets opened after it starts listening: reload (the tab keeps its session).
    await page.reload();
    await h1('Kontakter').waitFor();
    await expect.poll(() => sent.some((f) => f.includes('auth.resume'))).toBe(true);
    try {
      await page.getByRole('button', { name: 'Importera' }).click();
      await wizard().waitFor();
      await chooseFile('stor.csv', Buffer.from(`namn;mobil\n${'Anna Berg;070-123 45 67\n'.repeat(45_000)}`, 'utf8'));
      await wizard().getByRole('button', { name: 'Läs filen' }).click();
      const alert = wizard().getByRole('alert');
      await alert.waitFor();
      expect(await text(alert)).toContain('högst 1 MB');
      // The console checked the size itself: not one import call left it.
      expect(sent.filter((f) => f.includes('contacts.import'))).toEqual([]);
      await page.keyboard.press('Escape');
      await wizard().waitFor({ state: 'detached' });
      expect(await text(count())).toBe('0 kontakter');
    } finally {
      page.off('websocket', watch);
    }
  });

  it('sends a file of several chunks, each far below a 1 MiB frame, and reads it', async () => {
    const sent: number[] = [];
    const watch = (ws: WebSocket) =>
      ws.on('framesent', (f) => {
        if (String(f.payload).includes('contacts.importChunk')) sent.push(String(f.payload).length);
      });
    page.on('websocket', watch);
    await page.reload();
    await h1('Kontakter').waitFor();
    try {
      await page.getByRole('button', { name: 'Importera' }).click();
      await wizard().waitFor();
      const rows = Array.from({ length: 30_000 }, (_, i) => `Person ${i};07${String(30_000_000 + i)}`);
      await chooseFile('flera-delar.csv', Buffer.from(['namn;mobil', ...rows].join('\n'), 'utf8'));
      await wizard().getByRole('button', { name: 'Läs filen' }).click();
      await wizard().getByTestId('import-totals').getByText('Nya: 30').waitFor({ timeout: 30_000 });
      // About 660 KB in chunks, none of them near a 1 MiB frame.
      expect(sent.length).toBeGreaterThan(1);
      expect(Math.max(...sent)).toBeLessThan(512 * 1024);
      await wizard().getByRole('button', { name: 'Stäng', exact: true }).first().click();
      await wizard().waitFor({ state: 'detached' });
      expect(await text(count())).toBe('0 kontakter');
    } finally {
      page.off('websocket', watch);
    }
  });

  it('lets the operator choose the name column when GDial cannot tell, and imports nothing on cancel', async () => {
    await page.getByRole('button', { name: 'Importera' }).click();
    await chooseFile('personal.csv', Buffer.from('Person;Nr\nDavid Dahl;0703456789\n', 'utf8'));
    await wizard().getByRole('button', { name: 'Läs filen' }).click();
    await wizard().getByRole('heading', { name: 'Kontrollera kolumnerna' }).waitFor();
    expect(await text(wizard().getByRole('alert'))).toContain('Ingen kolumn innehåller namn');
    await expect(wizard().getByRole('button', { name: 'Nästa' }).isDisabled()).resolves.toBe(true);

    // Each choice runs the dry run again.
    await wizard().getByRole('combobox', { name: 'Innehåll i kolumn 1, Person' }).selectOption('name');
    await wizard().getByRole('combobox', { name: 'Innehåll i kolumn 2, Nr' }).selectOption('phone');
    await wizard().getByTestId('import-totals').getByText('Nya: 1').waitFor();
    await wizard().getByRole('button', { name: 'Nästa' }).click();
    expect(await text(wizard().getByTestId('import-rows').locator('tbody tr').first())).toContain('+46703456789');

    await wizard().getByRole('button', { name: 'Stäng', exact: true }).first().click();
    await wizard().waitFor({ state: 'detached' });
    expect(await text(count())).toBe('0 kontakter');
  });

  it('imports a Swedish Excel file through the wizard: mapping, the bad row and its reason, commit, result', async () => {
    await page.getByRole('button', { name: 'Importera' }).click();
    await chooseFile('kontakter.csv', Buffer.from(SWEDISH_CSV, 'latin1'));
    await wizard().getByRole('button', { name: 'Läs filen' }).click();

    // Step 2: the detected mapping, one select per column.
    await wizard().getByRole('heading', { name: 'Kontrollera kolumnerna' }).waitFor();
    const mapping = wizard().getByTestId('import-mapping');
    await expect(mapping.getByRole('combobox', { name: 'Innehåll i kolumn 1, namn' }).inputValue()).resolves.toBe('name');
    await expect(mapping.getByRole('combobox', { name: 'Innehåll i kolumn 2, mobil' }).inputValue()).resolves.toBe('phone');
    await expect(mapping.getByRole('combobox', { name: 'Innehåll i kolumn 4, grupp' }).inputValue()).resolves.toBe('groups');
    await wizard().getByTestId('import-totals').getByText('Ogiltiga: 1').waitFor();
    await a11y();

    // Step 3: the rows, the bad one with its line number and reason.
    await wizard().getByRole('button', { name: 'Nästa' }).click();
    await wizard().getByRole('heading', { name: 'Granska raderna' }).waitFor();
    expect(await text(wizard().getByText(/teckenkodning/))).toContain('windows-1252');
    const rows = wizard().getByTestId('import-rows');
    await expect(rows.locator('tbody tr').count()).resolves.toBe(3);
    await wizard().getByRole('combobox', { name: 'Visa rader' }).selectOption('invalid');
    await expect(rows.locator('tbody tr').count()).resolves.toBe(1);
    const bad = rows.locator('tbody tr').first();
    expect(await text(bad)).toContain('Ogiltig');
    expect(await text(bad.locator('td').first())).toBe('4');
    expect(await text(bad)).toContain('Cecilia Ek');
    expect(await text(bad)).toContain('för kort');
    await a11y();
    await screenshot(page, 'contacts-import.png');

    // Step 4 and 5: confirm, then the result.
    await wizard().getByRole('button', { name: 'Nästa' }).click();
    await wizard().getByText('2 kontakter sparas. Nya: 2. Uppdateras: 0.').waitFor();
    await wizard().getByText('1 rad hoppas över (ogiltig, dubblett eller konflikt).').waitFor();
    await wizard().getByRole('button', { name: 'Importera' }).click();
    const result = wizard().getByTestId('import-result');
    await result.waitFor();
    expect(await text(result)).toBe('Importen är klar. Nya: 2. Uppdaterade: 0. Överhoppade rader: 1.');
    expect(await text(wizard())).toContain('Nya grupper: Räddningstjänst');
    await wizard().getByRole('button', { name: 'Stäng', exact: true }).last().click();
    await wizard().waitFor({ state: 'detached' });

    // The table follows by itself (contacts.changed), in Swedish order.
    await expect.poll(() => text(count())).toBe('2 kontakter');
    await expect(grid().getAttribute('aria-rowcount')).resolves.toBe('3');
    const names = await grid().locator('[role=row][aria-rowindex] [aria-colindex="1"][role=gridcell]').allTextContents();
    expect(names).toEqual(['Bertil Ängström', 'Åsa Öberg']);
  });

  it('finds a contact by a number typed in national format', async () => {
    await page.getByRole('searchbox', { name: 'Sök kontakt' }).fill('0701234567');
    await expect.poll(() => text(count())).toBe('1 kontakt');
    const row = grid().locator('[role=row][aria-rowindex="2"]');
    expect(await text(row)).toContain('Åsa Öberg');
    expect(await text(row)).toContain('+46701234567');
  });

  it('changes the order of her numbers with the keyboard only, checks numbers live, and saves', async () => {
    // Into the grid with Tab from the search box's neighbours, open with Enter.
    await grid().locator('[role=gridcell][tabindex="0"]').focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'Redigera Åsa Öberg' });
    await drawer.waitFor();
    const first = drawer.getByRole('textbox', { name: 'Nummer 1', exact: true });
    await expect.poll(() => first.inputValue()).toBe('+46701234567');
    await expect.poll(() => text(drawer.getByTestId('number-check').first())).toBe('+46701234567 · Mobil · kan ta emot sms');
    await expect.poll(() => text(drawer.getByTestId('number-check').nth(1))).toBe('+46812345678 · Fast · kan inte ta emot sms');

    await drawer.getByRole('button', { name: 'Flytta ned +46701234567' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => first.inputValue()).toBe('+46812345678');
    await expect(drawer.getByRole('textbox', { name: 'Nummer 2', exact: true }).inputValue()).resolves.toBe('+46701234567');
    await expect.poll(() => text(drawer.getByRole('status').filter({ hasText: 'är nu nummer' }))).toBe('+46701234567 är nu nummer 2 av 2.');
    // Moved to the bottom, "Flytta ned" is useless: focus went to "Flytta upp" of the same number.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Flytta upp +46701234567');

    // A bad number is explained while typing; it is removed again before saving.
    await drawer.getByRole('button', { name: 'Lägg till nummer' }).click();
    const third = drawer.getByRole('textbox', { name: 'Nummer 3', exact: true });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('tel');
    await page.keyboard.type('070-12');
    await expect.poll(() => text(drawer.getByTestId('number-check').nth(2))).toBe('För kort.');
    await expect(third.getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'contacts-drawer.png');
    await drawer.getByRole('button', { name: 'Ta bort 070-12' }).click();

    await drawer.getByRole('button', { name: 'Spara' }).click();
    await drawer.waitFor({ state: 'detached' });
    await page.getByText('Ändringarna för Åsa Öberg är sparade.').waitFor();

    // The table's first number follows, and the saved order is what the drawer shows again.
    const row = grid().locator('[role=row][aria-rowindex="2"]');
    await expect.poll(() => text(row)).toContain('+46812345678');
    await row.getByRole('gridcell').first().click();
    const again = page.getByRole('dialog', { name: 'Redigera Åsa Öberg' });
    await expect.poll(() => again.getByRole('textbox', { name: 'Nummer 1', exact: true }).inputValue()).toBe('+46812345678');
    await expect(again.getByRole('textbox', { name: 'Nummer 2', exact: true }).inputValue()).resolves.toBe('+46701234567');
    await page.keyboard.press('Escape');
    await again.waitFor({ state: 'detached' });
    // Back where the drawer was opened from.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role=row]')?.textContent)).toContain('Åsa Öberg');
  });

  it('exports the book as CSV for download: BOM, guarded numbers, her name', async () => {
    await page.getByRole('button', { name: 'Rensa sökning och filter' }).click();
    await expect.poll(() => text(count())).toBe('2 kontakter');
    await page.getByRole('button', { name: 'Exportera' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'CSV (UTF-8)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gdial-kontakter-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.getByRole('menu').waitFor({ state: 'detached' });
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    const asa = csv.split('\r\n').find((line) => line.startsWith('Åsa Öberg'));
    expect(asa).toBeDefined();
    // The new order, each number guarded against formula injection.
    expect(asa!.indexOf("'+46812345678")).toBeGreaterThan(0);
    expect(asa!.indexOf("'+46812345678")).toBeLessThan(asa!.indexOf("'+46701234567"));
  });

  it('passes the accessibility check on the Kontakter page and saves a screenshot', async () => {
    await grid().locator('[role=row][aria-rowindex="3"]').waitFor();
    // Notifications are dismissed with their (labelled) close buttons, so the page is in view.
    for (const close of await page.getByRole('alert').getByRole('button', { name: 'Stäng' }).all()) await close.click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await a11y();
    await screenshot(page, 'contacts.png');
  });

  it('shows Räddningstjänst on Grupper with its member count, and reorders its members by keyboard', async () => {
    await nav('Grupper').click();
    await h1('Grupper').waitFor();
    const row = page.getByTestId('groups-table').getByRole('row', { name: /Räddningstjänst/ });
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual(['', '2', '2', '']);
    await a11y();

    await row.getByRole('link', { name: 'Räddningstjänst' }).click();
    await h1('Räddningstjänst').waitFor();
    expect(await text(page.getByTestId('group-counts'))).toBe('Medlemmar: 2. Nås med sms: 2.');
    const members = page.getByTestId('group-members').getByRole('listitem');
    await expect.poll(() => members.allTextContents()).toEqual([expect.stringContaining('Åsa Öberg'), expect.stringContaining('Bertil Ängström')]);
    await page.getByRole('button', { name: 'Flytta ned Åsa Öberg' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => members.allTextContents()).toEqual([expect.stringContaining('Bertil Ängström'), expect.stringContaining('Åsa Öberg')]);
    await page.getByRole('status').filter({ hasText: 'Åsa Öberg har nu plats 2 av 2.' }).waitFor({ state: 'attached' });
    await a11y();

    // With the mouse: drag Åsa by her handle back to the top.
    await members.nth(1).locator('.gdial-drag-handle').dragTo(members.nth(0));
    await expect.poll(() => members.allTextContents()).toEqual([expect.stringContaining('Åsa Öberg'), expect.stringContaining('Bertil Ängström')]);
    await page.getByRole('status').filter({ hasText: 'Åsa Öberg har nu plats 1 av 2.' }).waitFor({ state: 'attached' });

    // Stored: a fresh load shows the order last set.
    await page.reload();
    await h1('Räddningstjänst').waitFor();
    await expect.poll(() => members.allTextContents()).toEqual([expect.stringContaining('Åsa Öberg'), expect.stringContaining('Bertil Ängström')]);
    expect(pageErrors).toEqual([]);
  });
});
