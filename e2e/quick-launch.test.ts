/**
 * Quick launch, the way an operator at 03:00 lives it: a template that carries its recipients,
 * channels and policy starts from Översikt in two interactions (counted from the page's own
 * trusted click and key events, not by the test's say-so), the keyboard alone gets an alert to its
 * countdown, the launch bar stays on screen at 1280×720, the countdown outlives a menu click
 * (and launches) or is stopped from the banner on another page (and creates nothing), and the
 * draft survives a reload until it is discarded. What was launched is checked in the engine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Simulator } from '../main/carriers/simulator';
import { wsClient } from '../main/test-support/ws-client';
import type { WsTestClient } from '../main/test-support/ws-client';
import { groupsCsv, startConfirmingSimulator } from './alert-fixture';
import { consoleView, importContactsCsv, openOperatorTab, signUpFirstAdmin, startAlertEngine, stopAll, warnIfNoAxe } from './console-steps';
import { launchBrowser, screenshot } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'anna', displayName: 'Anna Admin', password: 'korrekt-häst-batteri' };
const TEMPLATE = 'Brand – Styrka Väst';
const CREW = ['Anna Andersson', 'Bo Berg', 'Cilla Carlsson'];
const SINGLE = 'Reserv 01';
const VIEWPORT = { width: 1280, height: 720 };

declare global {
  interface Window {
    gdialInteractions?: number;
  }
}

describe('quick launch', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let files: string;
  let rpc: WsTestClient;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-quick-'));
    sim = await startConfirmingSimulator();
    engine = await startAlertEngine(sim);
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors, viewport: VIEWPORT });
    // Every trusted click and key (modifiers alone aside) the operator makes, counted by the page itself.
    await page.context().addInitScript(() => {
      window.gdialInteractions = 0;
      const count = (e: Event) => {
        if (!e.isTrusted) return;
        if (e instanceof KeyboardEvent && ['Control', 'Shift', 'Alt', 'Meta'].includes(e.key)) return;
        window.gdialInteractions = (window.gdialInteractions ?? 0) + 1;
      };
      document.addEventListener('click', count, true);
      document.addEventListener('keydown', count, true);
    });
  });

  afterAll(async () => {
    rpc?.ws.close();
    await stopAll({ browser, engine, sim, files });
  });

  const { h1, nav, text, focused, a11y } = consoleView(() => page);

  /** The engine's own answer, as the signed-in administrator over a second connection. */
  async function call<T>(method: string, input: unknown = {}): Promise<T> {
    const result = await rpc.call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  }
  const alertCount = async () => (await call<unknown[]>('alerts.list', { limit: 200 })).length;

  const interactions = () => page.evaluate(() => window.gdialInteractions ?? 0);
  const resetInteractions = () => page.evaluate(() => void (window.gdialInteractions = 0));

  /** Entirely inside the viewport: nothing to scroll to. */
  async function expectOnScreen(locator: Locator): Promise<void> {
    const box = await locator.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(VIEWPORT.height);
    expect(box!.x + box!.width).toBeLessThanOrEqual(VIEWPORT.width);
  }

  const launchBar = () => page.getByTestId('launch-bar');
  const countdown = () => page.getByTestId('launch-countdown');

  it('signs in, imports two groups and gives the test its own engine connection', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    expect(await importContactsCsv(page, files, groupsCsv(CREW, 2))).toContain('Nya: 5.');
    rpc = await wsClient(engine.url);
    await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  });

  it('sets a template’s recipients, channels, escalation (quorum, voicemail) and drill in the template editor', async () => {
    await nav('Mallar').click();
    await h1('Mallar').waitFor();
    await page.getByRole('button', { name: 'Ny mall' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny mall' });
    await dialog.getByRole('textbox', { name: 'Namn' }).fill(TEMPLATE);
    await dialog.getByRole('textbox', { name: 'Text för röstsamtal' }).fill('Brand i Väst. Tryck 1 om du kommer.');
    await dialog.getByRole('switch', { name: /^Mallen har egna mottagare/ }).check();
    await dialog.getByRole('checkbox', { name: 'Insatsstyrka', exact: true }).check();
    await dialog.getByRole('searchbox', { name: 'Sök kontakt att lägga till' }).fill('Reserv 01');
    await dialog.getByTestId('contact-results').getByRole('checkbox', { name: SINGLE }).check();
    await dialog.getByRole('radio', { name: 'Röstsamtal', exact: true }).check();
    await dialog.getByRole('button', { name: 'Avancerade inställningar' }).click();
    await dialog.getByRole('textbox', { name: 'Omgångar', exact: true }).fill('1');
    await dialog.getByRole('textbox', { name: /^Räcker med antal bekräftelser/ }).fill('3');
    await dialog.getByRole('combobox', { name: 'Vid röstbrevlåda' }).selectOption('hang_up');
    await dialog.getByRole('switch', { name: 'Starta som övning' }).check();
    await a11y();
    await dialog.getByRole('button', { name: 'Skapa' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `Starta: ${TEMPLATE}` }).waitFor();
    await a11y();

    // Stored by the engine, and the editor shows it again on the next opening.
    const [stored] = await call<Array<{ alertDefaults: { groupIds: number[]; contactIds: number[]; channels: string[]; policy: { quorum: number; voicemail: string; cycles: number }; drill: boolean } }>>('templates.list');
    expect(stored?.alertDefaults).toMatchObject({ channels: ['voice'], policy: { quorum: 3, voicemail: 'hang_up', cycles: 1 }, drill: true });
    expect(stored?.alertDefaults.groupIds).toHaveLength(1);
    expect(stored?.alertDefaults.contactIds).toHaveLength(1);
    await page.getByRole('button', { name: `Redigera ${TEMPLATE}` }).click();
    const again = page.getByRole('dialog', { name: 'Redigera mall' });
    await expect(again.getByRole('checkbox', { name: 'Insatsstyrka', exact: true }).isChecked()).resolves.toBe(true);
    await again.getByTestId('picked-contacts').getByText(SINGLE).waitFor();
    await again.getByRole('button', { name: 'Avbryt' }).click();
    await again.waitFor({ state: 'detached' });
  });

  it('starts the template from Översikt to the countdown in at most three interactions, and launches exactly it', async () => {
    await nav('Översikt').click();
    await h1('Översikt').waitFor();
    const start = page.getByRole('link', { name: `Starta: ${TEMPLATE}` });
    await start.waitFor();
    await a11y();
    const before = await alertCount();
    await resetInteractions();

    await start.click();
    await page.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    await page.getByTestId('from-template').waitFor();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('4');
    expect(await text(page.getByTestId('summary-recipients'))).toBe(`Insatsstyrka, ${SINGLE}`);
    await expectOnScreen(launchBar());
    await a11y();
    await page.getByRole('button', { name: 'Starta övningen' }).click();
    await countdown().waitFor();

    const used = await interactions();
    expect(used).toBeLessThanOrEqual(3);
    expect(used).toBe(2);
    await expect.poll(focused).toBe('Avbryt');
    await expectOnScreen(countdown());
    await a11y();
    await screenshot(page, 'quick-launch-countdown.png');

    await h1(TEMPLATE).waitFor({ timeout: 15_000 });
    const id = Number(new URL(page.url().replace('#/', '')).searchParams.get('larm'));
    expect(await alertCount()).toBe(before + 1);
    const alert = await call<{ title: string; drill: boolean; channels: string[]; policy: { quorum: number; voicemail: string; cycles: number } }>('alerts.get', { id });
    expect(alert).toMatchObject({ title: TEMPLATE, drill: true, channels: ['voice'], policy: { quorum: 3, voicemail: 'hang_up', cycles: 1 } });
    const recipients = await call<{ rows: Array<{ name: string }> }>('alerts.recipients', { id });
    expect(recipients.rows.map((r) => r.name).sort()).toEqual([...CREW, SINGLE].sort());
  });

  it('goes from N to the countdown by keyboard alone; the launch bar is on screen at 1280×720 on every step; Escape stops it', async () => {
    // N typed into a field is a letter, not a command.
    await nav('Kontakter').click();
    await h1('Kontakter').waitFor();
    await page.getByRole('searchbox', { name: 'Sök kontakt' }).focus();
    await page.keyboard.type('Nilsson');
    await expect(page.getByRole('searchbox', { name: 'Sök kontakt' }).inputValue()).resolves.toBe('Nilsson');
    await expect(h1('Kontakter').isVisible()).resolves.toBe(true);

    await nav('Översikt').click();
    await h1('Översikt').waitFor();
    const before = await alertCount();
    await page.keyboard.press('n');
    await h1('Nytt larm').waitFor();
    await expectOnScreen(launchBar());
    await page.getByRole('textbox', { name: 'Rubrik' }).focus();
    await page.keyboard.type('Nattlarm');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kom till stationen. Tryck 1.');
    expect(await page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).toBe('Nattlarm');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { level: 2, name: 'Mottagare' }).waitFor();
    await expectOnScreen(launchBar());
    await page.getByRole('checkbox', { name: 'Insatsstyrka', exact: true }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { level: 2, name: 'Kanaler och eskalering' }).waitFor();
    await expectOnScreen(launchBar());
    await page.getByRole('radio', { name: 'Röstsamtal', exact: true }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('3');
    await expectOnScreen(launchBar());
    expect(await page.getByRole('button', { name: 'Starta larmet' }).getAttribute('aria-keyshortcuts')).toBe('Control+Enter');
    await page.getByText('Kortkommandon: N nytt larm').waitFor();
    await page.keyboard.press('Control+Enter');
    await countdown().waitFor();
    await page.keyboard.press('Escape');
    await countdown().waitFor({ state: 'detached' });
    await page.getByRole('alert').filter({ hasText: 'Larmet stoppades. Inget har skickats.' }).waitFor({ state: 'attached' });
    await expect.poll(focused).toBe('Starta larmet');
    await page.waitForTimeout(6_000);
    expect(await alertCount()).toBe(before);
  });

  it('keeps counting when the operator opens another page, and launches there', async () => {
    const before = await alertCount();
    await page.getByRole('button', { name: 'Starta larmet' }).click();
    await countdown().waitFor();
    await nav('Kontakter').click();
    await h1('Kontakter').waitFor();
    // The banner came along, still counting, with Avbryt.
    expect(await text(countdown())).toMatch(/Larmet skickas om [1-5] s/);
    // This engine's carrier is the simulator: the banner says so rather than "Skarpt larm".
    expect(await text(countdown())).toContain('Larm ”Nattlarm” till simulatorn – ingen riktig telefon ringer.');
    expect(await text(countdown())).not.toContain('Skarpt larm');
    await expectOnScreen(countdown().getByRole('button', { name: 'Avbryt' }));
    await a11y();
    await h1('Nattlarm').waitFor({ timeout: 15_000 });
    expect(await alertCount()).toBe(before + 1);
    const [latest] = await call<Array<{ title: string; drill: boolean; channels: string[] }>>('alerts.list', { limit: 1 });
    expect(latest).toMatchObject({ title: 'Nattlarm', drill: false, channels: ['voice'] });
    // Launched: the draft is gone, the next alert starts empty.
    await page.keyboard.press('n');
    await h1('Nytt larm').waitFor();
    await expect(page.getByTestId('draft-resumed').count()).resolves.toBe(0);
    expect(await page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).toBe('');
  });

  it('creates nothing when Avbryt in the banner is pressed on another page (Starta from Mallar, one thing changed)', async () => {
    await nav('Mallar').click();
    await h1('Mallar').waitFor();
    const before = await alertCount();
    await resetInteractions();
    await page.getByRole('link', { name: `Starta: ${TEMPLATE}` }).click();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('4');
    // One thing changed from the pre-flight: a live alert instead of the template's drill.
    await page.getByRole('switch', { name: /^Övning/ }).uncheck();
    await page.getByRole('button', { name: 'Starta larmet' }).click();
    await countdown().waitFor();
    expect(await interactions()).toBe(3);

    await nav('Grupper').click();
    await h1('Grupper').waitFor();
    await countdown().getByRole('button', { name: 'Avbryt' }).click();
    await countdown().waitFor({ state: 'detached' });
    await page.getByRole('alert').filter({ hasText: 'Larmet stoppades. Inget har skickats.' }).waitFor({ state: 'attached' });
    await page.waitForTimeout(6_000);
    await expect(h1('Grupper').isVisible()).resolves.toBe(true);
    expect(await alertCount()).toBe(before);
    await a11y();
  });

  it('keeps the stopped draft across a reload until it is discarded, and asks before a template replaces it', async () => {
    await nav('Larm').click();
    await h1('Larm').waitFor();
    await page.getByRole('link', { name: 'Nytt larm' }).click();
    await h1('Nytt larm').waitFor();
    await page.getByTestId('draft-resumed').waitFor();
    await expect(page.getByRole('switch', { name: /^Övning/ }).isChecked()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Ändra meddelande' }).click();
    await page.getByRole('textbox', { name: 'Rubrik' }).fill('Utkast som överlever');
    await page.reload();
    await h1('Nytt larm').waitFor();
    await page.getByTestId('draft-resumed').waitFor();
    expect(await page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).toBe('Utkast som överlever');
    await a11y();

    // A different draft in progress: Starta on a template asks first, and "continue" keeps it.
    await nav('Översikt').click();
    await page.getByRole('link', { name: `Starta: ${TEMPLATE}` }).click();
    const ask = page.getByRole('dialog', { name: 'Ersätta ditt utkast?' });
    await ask.waitFor();
    expect(await text(ask)).toContain('”Utkast som överlever”');
    await a11y();
    await ask.getByRole('button', { name: 'Fortsätt med utkastet' }).click();
    await page.getByTestId('draft-resumed').waitFor();
    expect(await page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).toBe('Utkast som överlever');

    await page.getByRole('button', { name: 'Kasta utkast' }).click();
    const confirm = page.getByRole('dialog', { name: 'Kasta utkastet?' });
    await expect.poll(focused).toBe('Behåll utkastet');
    await confirm.getByRole('button', { name: 'Kasta utkast' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).toBe('');
    await expect(page.getByTestId('draft-resumed').count()).resolves.toBe(0);
    await page.getByRole('status').filter({ hasText: 'Utkastet är kastat.' }).waitFor({ state: 'attached' });
    await page.reload();
    await h1('Nytt larm').waitFor();
    await expect(page.getByTestId('draft-resumed').count()).resolves.toBe(0);
    expect(await page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).toBe('');
  });

  it('says so in the banner when the launch fails, offers the same launch again, and keeps the draft', async () => {
    const groups = await call<Array<{ id: number; name: string }>>('groups.list');
    const crew = groups.find((g) => g.name === 'Insatsstyrka');
    const east = await call<{ id: number }>('templates.create', {
      name: 'Övningslarm Öst',
      voiceText: 'Övning. Tryck 1.',
      alertDefaults: { groupIds: [crew!.id], channels: ['voice'], drill: true },
    });
    await nav('Mallar').click();
    await h1('Mallar').waitFor();
    const before = await alertCount();
    await page.getByRole('link', { name: 'Starta: Övningslarm Öst' }).click();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('3');
    await page.getByRole('button', { name: 'Starta övningen' }).click();
    await countdown().waitFor();
    await nav('Översikt').click();
    await h1('Översikt').waitFor();
    // Someone deletes the template meanwhile: the engine refuses the launch at zero.
    await call('templates.delete', { id: east.id });
    const failed = page.getByTestId('launch-failed');
    await failed.waitFor({ timeout: 15_000 });
    expect(await text(failed)).toContain('”Övningslarm Öst” har inte startats.');
    await expect.poll(focused).toBe('Försök igen');
    await page.getByRole('alert').filter({ hasText: 'Larmet kunde inte startas.' }).first().waitFor({ state: 'attached' });
    await a11y();
    // The same launch again (same key), refused again for the same reason; nothing was created.
    await failed.getByRole('button', { name: 'Försök igen' }).click();
    await failed.waitFor();
    await expect.poll(focused).toBe('Försök igen');
    expect(await alertCount()).toBe(before);

    await failed.getByRole('link', { name: 'Tillbaka till utkastet' }).click();
    await h1('Nytt larm').waitFor();
    await failed.waitFor({ state: 'detached' });
    await page.getByTestId('draft-resumed').waitFor();
    expect(await text(page.getByTestId('summary-message'))).toBe('Övningslarm Öst');
    expect(await alertCount()).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});
