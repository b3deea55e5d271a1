/**
 * Larm in Chromium against the real engine, the way a duty officer lives it: a template whose
 * SMS counter follows the typing, two groups from a small file, a drill launched through the
 * wizard with its countdown and watched live until everyone has confirmed, a countdown stopped
 * in time (nothing is created), and a larger live alert that waits for a second operator's
 * approval and is then cancelled while its calls are ringing.
 *
 * The carrier is the Twilio-compatible simulator, started here so the test can script it:
 * everyone answers and presses 1 within milliseconds, then (for the alert to cancel) rings long.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import type { Simulator } from '../main/carriers/simulator';
import { groupsCsv, startConfirmingSimulator } from './alert-fixture';
import {
  chooseGroupByVoice,
  consoleView,
  createOperator,
  importContactsCsv,
  openNewAlert,
  openOperatorTab,
  signIn,
  signUpFirstAdmin,
  startAlertEngine,
  stopAll,
  warnIfNoAxe,
} from './console-steps';
import { e2eDatabases, launchBrowser, screenshot } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'anna', displayName: 'Anna Admin', password: 'korrekt-häst-batteri' };
const SECOND = { username: 'bertil', displayName: 'Bertil Berg', password: 'andra-paret-ögon' };
const TEMPLATE = 'Brand – utryckning';
const CREW = ['Anna Andersson', 'Bo Berg', 'Cilla Carlsson'];
const RESERVES = 60;

// The whole story on both databases: the console cannot tell them apart.
describe.each(e2eDatabases())('alerts on %s', (database) => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let files: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-alerts-'));
    sim = await startConfirmingSimulator();
    engine = await startAlertEngine(
      sim,
      {
        // Live alerts to more than ten people need a second operator's approval.
        GDIAL_APPROVAL_THRESHOLD: '10',
      },
      database,
    );
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors });
  });

  afterAll(() => stopAll({ browser, engine, sim, files }));

  const { h1, nav, text, focused, counter, a11y } = consoleView(() => page);

  /** Alerts in the history, running and finished, once both lists have loaded. */
  async function alertRows(): Promise<number> {
    await h1('Larm').waitFor();
    await page.locator('[data-alert-id]').first().waitFor();
    await expect.poll(() => page.getByText('Laddar…').count()).toBe(0);
    return page.locator('[data-alert-id]').count();
  }

  /** Steps 1–3 of the wizard: template, one group, voice only. */
  async function fillWizard(group: string): Promise<void> {
    await openNewAlert(page);
    await page.getByRole('combobox', { name: 'Mall' }).selectOption({ label: TEMPLATE });
    await expect(page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).resolves.toBe(TEMPLATE);
    await chooseGroupByVoice(page, group);
  }

  it('signs in the first administrator', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    // On PostgreSQL the administrator is a row of that database, not of a gdial.db.
    if (database === 'postgres') {
      const client = new pg.Client({ connectionString: engine.databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ username: string }>('SELECT username FROM users');
      await client.end();
      expect(rows.map((r) => r.username)).toEqual([ADMIN.username]);
      expect(existsSync(path.join(engine.dataDir, 'gdial.db'))).toBe(false);
    }
  });

  it('creates a template; the SMS counter follows the typing, counts the SMS as sent and warns about UCS-2', async () => {
    await nav('Mallar').click();
    await h1('Mallar').waitFor();
    await page.getByRole('button', { name: 'Ny mall' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny mall' });
    await dialog.getByRole('textbox', { name: 'Namn' }).fill(TEMPLATE);
    await dialog.getByRole('textbox', { name: 'Text för röstsamtal' }).fill('Brand i centrum. Tryck 1 om du kommer.');
    const sms = dialog.getByRole('textbox', { name: 'Sms-text' });
    const count = dialog.getByTestId('sms-counter');
    expect(await text(count)).toBe('Ingen text än. Ett sms rymmer 160 tecken (GSM-7).');

    await sms.click();
    await page.keyboard.type('Brand');
    // Counted on what is sent: the text, a line break and "Svara JA för att bekräfta." (27 more).
    await expect.poll(() => text(count)).toBe('1 sms-del (GSM-7), 128 tecken kvar');
    expect(await text(dialog.getByTestId('sms-counted'))).toContain('”Svara JA för att bekräfta.” sist');
    expect(await text(dialog.getByTestId('sms-counted'))).toContain('Vid en övning kommer dessutom ”ÖVNING:” först');
    // One character outside GSM-7 turns the whole text into UCS-2, and the form says which.
    await page.keyboard.type(' ✓');
    await expect.poll(() => text(count)).toBe('1 sms-del (UCS-2), 36 tecken kvar');
    expect(await text(dialog.getByTestId('sms-ucs2'))).toContain('Tecknet ”✓” finns inte i GSM-7');
    await page.getByRole('status').filter({ hasText: 'Sms:et skickas som UCS-2.' }).waitFor({ state: 'attached' });
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(() => text(count)).toBe('1 sms-del (GSM-7), 128 tecken kvar');
    await expect(dialog.getByTestId('sms-ucs2').count()).resolves.toBe(0);

    // 140 characters fit one SMS alone, not with the reply hint.
    await sms.fill('x'.repeat(140));
    await expect.poll(() => text(count)).toBe('2 sms-delar (GSM-7), 139 tecken kvar i sista delen');
    await sms.fill('Brand i centrum. Kom till stationen.');
    await expect.poll(() => text(count)).toBe('1 sms-del (GSM-7), 97 tecken kvar');
    await a11y();
    await dialog.getByRole('button', { name: 'Skapa' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Mallar' }).getByText(TEMPLATE).waitFor();
  });

  it('imports two groups from a small file through the contacts wizard', async () => {
    expect(await importContactsCsv(page, files, groupsCsv(CREW, RESERVES))).toContain(`Nya: ${CREW.length + RESERVES}.`);
  });

  it('launches a drill to Insatsstyrka through the wizard, with pre-flight and countdown', async () => {
    await fillWizard('Insatsstyrka');
    expect(await text(page.getByTestId('policy-summary'))).toContain('1 försök per nummer, 2 omgångar med 2 min paus');
    await page.getByRole('button', { name: 'Avancerade inställningar' }).click();
    await expect(page.getByRole('textbox', { name: 'Omgångar', exact: true }).inputValue()).resolves.toBe('2');
    await a11y();
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    // Focus follows the step, so a keyboard user starts at its heading.
    await expect.poll(focused).toBe('Kontroll och start');

    await page.getByRole('switch', { name: /^Övning/ }).check();
    await page.getByTestId('launch-kind').getByText('Det här är en ÖVNING').waitFor();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('3');
    expect(await text(page.getByTestId('preflight-withVoice'))).toBe('3');
    expect(await text(page.getByTestId('preflight-eta'))).toMatch(/^Vid 20 samtal\/s tar det \d+ (s|min)/);
    expect(await text(page.getByTestId('preflight-cost'))).toMatch(/kr$/);
    await a11y();
    await screenshot(page, 'alert-wizard.png');

    await page.getByRole('button', { name: 'Starta övningen' }).click();
    const countdown = page.getByTestId('launch-countdown');
    await countdown.waitFor();
    expect(await text(countdown)).toMatch(/Larmet skickas om [1-5] s/);
    await expect.poll(focused).toBe('Avbryt');
    await page.getByRole('alert').filter({ hasText: 'Larmet skickas om 5 sekunder' }).waitFor({ state: 'attached' });

    // After the countdown: the live view of the new alert.
    await h1(TEMPLATE).waitFor({ timeout: 15_000 });
    expect(page.url()).toMatch(/#\/larm\?larm=\d+$/);
    // Focus arrives on the live view's heading, where a screen reader starts reading.
    await expect.poll(focused).toBe(TEMPLATE);
    await page.getByTestId('drill-badge').first().waitFor();
  });

  it('shows the drill live until everyone has confirmed and the alert is Klart', async () => {
    await expect.poll(() => counter('confirmed'), { timeout: 20_000 }).toBe('3');
    await expect.poll(() => text(page.getByTestId('alert-state').first()), { timeout: 10_000 }).toBe('Klart');
    expect(await counter('recipients')).toBe('3');
    expect(await counter('queued')).toBe('0');
    expect(await counter('failed')).toBe('0');
    await expect.poll(() => text(page.getByTestId('alert-progress-text'))).toBe('3 av 3 bekräftade · 3 av 3 avgjorda');
    const table = page.getByRole('table', { name: 'Mottagare och senaste händelse' });
    // The board: the people grouped by outcome, the count in each group's heading.
    expect(await text(page.getByTestId('counter-confirmed'))).toBe('3');
    await expect.poll(() => table.locator('tbody tr[data-recipient-state="confirmed"]').count()).toBe(3);
    expect(await text(table.locator('tbody tr[data-recipient-state]').first())).toContain('Bekräftad (Samtal)');
    // The live view offers nothing to cancel once the alert has ended.
    await expect(page.getByRole('button', { name: 'Avbryt larm' }).count()).resolves.toBe(0);
    await a11y();
    await screenshot(page, 'alert-live.png');

    await page.getByRole('link', { name: 'Alla larm' }).click();
    const history = page.getByTestId('alert-history');
    await history.waitFor();
    const row = history.locator('tbody tr').first();
    expect(await text(row)).toContain(TEMPLATE);
    expect(await text(row)).toContain('ÖVNING');
    expect(await text(row)).toContain('Klart');
    expect(await text(row)).toContain('3 mottagare · 3 bekräftade');
  });

  it('creates nothing when the countdown is stopped in time', async () => {
    const before = await alertRows();
    expect(before).toBe(1);
    await fillWizard('Insatsstyrka');
    await page.getByRole('button', { name: 'Nästa' }).click();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('3');
    const start = page.getByRole('button', { name: 'Starta larmet' });
    await start.click();
    await page.getByTestId('launch-countdown').waitFor();
    await expect.poll(focused).toBe('Avbryt');
    await page.keyboard.press('Enter');
    await page.getByTestId('launch-countdown').waitFor({ state: 'detached' });
    await page.getByRole('alert').filter({ hasText: 'Larmet stoppades. Inget har skickats.' }).waitFor({ state: 'attached' });
    await expect.poll(focused).toBe('Starta larmet');
    // Well past the five seconds: still in the wizard, nothing launched.
    await page.waitForTimeout(6_000);
    await expect(h1('Nytt larm').isVisible()).resolves.toBe(true);
    // The stopped draft is kept until it is discarded; this one is, so the next alert starts empty.
    await page.getByRole('button', { name: 'Kasta utkast' }).click();
    await page.getByRole('dialog', { name: 'Kasta utkastet?' }).getByRole('button', { name: 'Kasta utkast' }).click();
    await page.getByRole('heading', { level: 2, name: 'Meddelande' }).waitFor();
    await page.getByRole('link', { name: 'Till alla larm (utkastet sparas)' }).click();
    expect(await alertRows()).toBe(before);
  });

  it('holds a live alert above the threshold until a second operator approves it', async () => {
    await createOperator(page, SECOND);

    // Calls now ring for 25 s: 50 ring at once (the concurrency limit), the other 10 wait.
    sim.configure({ ringMs: { min: 25_000, max: 25_000 } });
    await fillWizard('Reservstyrka');
    await page.getByRole('button', { name: 'Nästa' }).click();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe(String(RESERVES));
    expect(await text(page.getByTestId('preflight-warnings'))).toContain('en annan operatör måste godkänna det');
    await page.getByRole('button', { name: 'Starta larmet' }).click();
    await h1(TEMPLATE).waitFor({ timeout: 15_000 });
    const liveUrl = page.url();

    await expect.poll(() => text(page.getByTestId('alert-state').first())).toBe('Väntar på godkännande');
    expect(await text(page.getByTestId('approval-notice'))).toContain('En annan operatör måste godkänna det');
    // Not by the one who launched it.
    await expect(page.getByRole('button', { name: 'Godkänn larmet' }).count()).resolves.toBe(0);
    expect(await counter('queued')).toBe(String(RESERVES));
    expect(await counter('dialling')).toBe('0');

    const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    try {
      const second = await other.newPage();
      second.setDefaultTimeout(10_000);
      await second.goto(liveUrl);
      await signIn(second, SECOND);
      await second.getByRole('heading', { level: 1, name: TEMPLATE }).waitFor();
      await second.getByRole('button', { name: 'Godkänn larmet' }).click();
      await second.getByRole('button', { name: 'Godkänn larmet' }).waitFor({ state: 'detached' });
    } finally {
      await other.close();
    }
    // The launcher's view follows by itself. Running starts with the first call, after the
    // message's audio is synthesised: seconds on a loaded machine.
    await expect.poll(() => text(page.getByTestId('alert-state').first()), { timeout: 15_000 }).toBe('Pågår');
  });

  it('cancels the alert while its calls ring: Avbrutet, nothing left queued', async () => {
    await expect.poll(() => counter('ringing'), { timeout: 15_000 }).not.toBe('0');
    expect(Number(await counter('queued'))).toBeGreaterThan(0);
    expect(await text(page.getByTestId('recipient-range-pending'))).toBe(`Visar 1–50 av ${RESERVES}`);
    await a11y();

    await page.getByRole('button', { name: 'Avbryt larm' }).click();
    const dialog = page.getByRole('dialog', { name: 'Avbryt larmet?' });
    await dialog.waitFor();
    await expect.poll(focused).toBe('Låt larmet fortsätta');
    await dialog.getByRole('button', { name: 'Avbryt larmet' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => text(page.getByTestId('alert-state').first())).toBe('Avbrutet');
    await expect.poll(() => counter('queued')).toBe('0');
    // Calls in progress are ended through the carrier, not left ringing.
    await expect.poll(() => counter('ringing'), { timeout: 15_000 }).toBe('0');
    await expect(page.getByRole('button', { name: 'Avbryt larm' }).count()).resolves.toBe(0);
    await page.getByRole('status').filter({ hasText: 'Larmet är avbrutet.' }).waitFor({ state: 'attached' });
    // Every queued person's row moved to Avbrutna without a reload.
    await expect.poll(() => text(page.getByTestId('recipient-range-canceled'))).toBe(`Visar 1–50 av ${RESERVES}`);
    expect(pageErrors).toEqual([]);
  });
});
