/**
 * Schema, the report, Översikt and Loggar in Chromium against the real engine: a recurring test
 * alarm "Provlarm måndagar 10:00" created through the form, its next runs previewed live and
 * listed, all on Mondays at 10:00 Swedish time; a drill to a crew of four (two press 1, one
 * answers and says nothing, one is busy) watched from Översikt while it runs; its report with
 * figures and recipients, exported as CSV, PDF and CAP 1.2 through real downloads; its message burned
 * from the live view; the call log filtered and exported; the audit log exported with its hashes.
 *
 * (The banner for runs missed while GDial was closed: schedules-missed.test.ts.)
 *
 * The browser runs in Europe/Stockholm, as an operator's computer would, and so does the engine.
 * The carrier is the Twilio-compatible simulator, scripted per number.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import type { Simulator } from '../main/carriers/simulator';
import { validateCap } from '../main/integrations/cap/cap-schema';
import { groupsCsv, startConfirmingSimulator } from './alert-fixture';
import {
  chooseGroupByVoice,
  consoleView,
  importContactsCsv,
  openNewAlert,
  openOperatorTab,
  scheduleVoiceDrill,
  signUpFirstAdmin,
  startAlertEngine,
  stopAll,
  warnIfNoAxe,
} from './console-steps';
import { launchBrowser, screenshot } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'greta', displayName: 'Greta Gran', password: 'måndag-klockan-tio' };
const ZONE = 'Europe/Stockholm';
const SCHEDULE = 'Provlarm måndagar 10:00';
const DRILL = 'Övning – rapport';
// As the CSV writes them (070-100 00 0n), in E.164: Anna and Bo press 1, Cilla answers and
// presses nothing, David is busy.
const CREW = ['Anna Andersson', 'Bo Berg', 'Cilla Carlsson', 'David Dahl'];
const NUMBER = (i: number) => `+4670100000${i + 1}`;

/** "Monday 10:00" for an instant, on Swedish wall clocks. */
function stockholmWeekdayTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

describe('schedules, reports, Översikt and Loggar', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let files: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-schedules-'));
    sim = await startConfirmingSimulator();
    sim.configure({
      scripts: {
        [NUMBER(2)]: { outcome: 'answer', digits: '' },
        [NUMBER(3)]: { outcome: 'busy' },
      },
    });
    engine = await startAlertEngine(sim, {
      GDIAL_TIME_ZONE: ZONE,
    });
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors, timezoneId: ZONE, acceptDownloads: true });
  });

  afterAll(() => stopAll({ browser, engine, sim, files }));

  const { h1, nav, text, a11y } = consoleView(() => page);

  /** The instants (data-at) of the runs listed in `list`. */
  async function runsIn(list: Locator): Promise<string[]> {
    return list.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-at') ?? ''));
  }

  /** Clicks an export button and returns the file the browser saved. */
  async function download(button: Locator): Promise<{ name: string; content: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), button.click()]);
    return saved(file);
  }

  async function saved(file: Download): Promise<{ name: string; content: Buffer }> {
    const at = path.join(files, file.suggestedFilename());
    await file.saveAs(at);
    return { name: file.suggestedFilename(), content: readFileSync(at) };
  }

  it('signs in and imports a crew of four', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    expect(await importContactsCsv(page, files, groupsCsv(CREW, 0))).toContain(`Nya: ${CREW.length}.`);
  });

  it('creates the recurring test alarm; its next runs are Mondays at 10:00, previewed as the rule changes', async () => {
    await nav('Schema').click();
    await h1('Schema').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Inga scheman än' }).waitFor();
    await a11y();
    await page.getByRole('link', { name: 'Nytt schema' }).click();
    await h1('Nytt schema').waitFor();

    await page.getByRole('textbox', { name: 'Namn', exact: true }).fill(SCHEDULE);
    await page.getByRole('radio', { name: 'Återkommande' }).check();
    const preview = page.getByTestId('next-runs-list');

    // Daily at 07:30 first: five days in a row.
    await page.getByRole('radio', { name: 'Dagligen' }).check();
    await page.getByLabel('Klockslag').fill('07:30');
    await expect.poll(async () => (await runsIn(preview)).map((at) => stockholmWeekdayTime(at).slice(-5))).toEqual(Array(5).fill('07:30'));

    // An own rule the engine refuses: its verdict is said at the field, and no runs are shown.
    await page.getByRole('radio', { name: 'Egen regel (cron)' }).check();
    const cron = page.getByRole('textbox', { name: 'Regel (cron)' });
    await cron.fill('0 25 * * 1');
    await page.getByText(/^Regeln går inte att läsa/).waitFor();
    await expect(cron.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(preview.count()).resolves.toBe(0);

    // Weekly on Monday at 10:00.
    await page.getByRole('radio', { name: 'Veckovis' }).check();
    await page.getByRole('combobox', { name: 'Veckodag' }).selectOption({ label: 'måndag' });
    await page.getByLabel('Klockslag').fill('10:00');
    await expect(page.getByRole('combobox', { name: 'Tidszon' }).inputValue()).resolves.toBe(ZONE);
    await expect.poll(async () => (await runsIn(preview)).map(stockholmWeekdayTime)).toEqual(Array(5).fill('Monday 10:00'));
    for (const item of await preview.locator('li').allTextContents()) expect(item).toMatch(/^måndag \d{1,2} \S+ \d{4} (kl\. )?10:00 [A-Z][A-Za-z0-9+:−-]*$/);

    // The alert it launches: a drill to the crew, by voice.
    await scheduleVoiceDrill(page, { title: 'Provlarm', voice: 'Detta är veckans provlarm. Tryck 1.', group: 'Insatsstyrka' });
    await expect(page.getByRole('radio', { name: 'Hoppa över och notera' }).isChecked()).resolves.toBe(true);
    await a11y();
    await screenshot(page, 'schedule-form.png');
    await page.getByRole('button', { name: 'Skapa schema' }).click();

    await h1('Schema').waitFor();
    const row = page.getByTestId('schedule-table').locator('tr[data-schedule-id]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await text(row.locator('th'))).toContain(SCHEDULE);
    expect(await text(row.getByTestId('schedule-rule'))).toBe('Varje måndag 10:00 (Europe/Stockholm)');
    const listed = await runsIn(row.getByTestId('schedule-next-runs'));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map(stockholmWeekdayTime)).toEqual(Array(listed.length).fill('Monday 10:00'));
    expect(await text(row.getByTestId('schedule-state'))).toBe('Aktivt');

    await page.getByRole('button', { name: `Pausa ${SCHEDULE}` }).click();
    await expect.poll(() => text(row.getByTestId('schedule-state'))).toBe('Pausat');
    await page.getByRole('status').filter({ hasText: 'är pausat' }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: `Återuppta ${SCHEDULE}` }).click();
    await expect.poll(() => text(row.getByTestId('schedule-state'))).toBe('Aktivt');
    await a11y();
    await screenshot(page, 'schedules.png');
  });

  it('shows Översikt: nothing running, the totals, the rates as a chart and a table, and the health of each part', async () => {
    await nav('Översikt').click();
    await h1('Översikt').waitFor();
    await page.getByTestId('overview-totals').waitFor();
    expect(await text(page.getByTestId('total-today-alerts'))).toBe('0');
    await page.getByRole('heading', { level: 3, name: 'Inga aktiva larm' }).waitFor();
    // The built-in simulator rings no real phone: a warning, said in words, with what to do.
    const carrier = page.getByTestId('health-carrier');
    await expect(carrier.getAttribute('data-state')).resolves.toBe('warn');
    expect(await text(carrier)).toContain('Varning');
    expect(await text(carrier)).toContain('Välj Twilio');
    await expect(page.getByTestId('overview-health').locator('tbody tr').count()).resolves.toBe(5);
    await page.getByRole('button', { name: 'Visa som tabell' }).click();
    await expect(page.getByTestId('rates-table').locator('tbody tr').count()).resolves.toBe(14);
    await a11y();
  });

  it('launches a drill to the crew; Översikt follows its counters and the totals while it runs', { timeout: 120_000 }, async () => {
    // Every phone rings for twelve seconds: Översikt must open (through the live view, on a
    // machine that may be loaded) before anyone answers, and the counters then move.
    sim.configure({ ringMs: { min: 12_000, max: 13_000 } });
    await openNewAlert(page);
    await page.getByRole('textbox', { name: 'Rubrik' }).fill(DRILL);
    await page.getByRole('textbox', { name: 'Text för röstsamtal' }).fill('Övning. Tryck 1 om du kommer.');
    await chooseGroupByVoice(page, 'Insatsstyrka');
    await page.getByRole('radio', { name: 'Efter en tid' }).check();
    await expect(page.getByRole('textbox', { name: 'Minuter' }).inputValue()).resolves.toBe('60');
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('switch', { name: /^Övning/ }).check();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('4');
    expect(await text(page.getByTestId('preflight-burn'))).toContain('Meddelandet förstörs 1 h efter start.');
    await page.getByRole('button', { name: 'Starta övningen' }).click();
    await h1(DRILL).waitFor({ timeout: 15_000 });
    const alertId = Number(new URL(page.url().replace('#/', '')).searchParams.get('larm'));

    await nav('Översikt').click();
    const card = page.locator(`[data-testid="active-alert"][data-alert-id="${alertId}"]`);
    await card.waitFor();
    expect(await text(card.getByTestId('overview-counter-recipients'))).toBe('4');
    // Still ringing when Översikt opens; the two who press 1 show up as they do.
    expect(await text(card.getByTestId('overview-counter-confirmed'))).toBe('0');
    await expect.poll(() => text(page.getByTestId('total-today-alerts'))).toBe('1');
    expect(await text(page.getByTestId('total-today-drills'))).toBe('1');
    const confirmedBefore = await text(page.getByTestId('total-today-confirmed'));
    expect(confirmedBefore).toBe('0');
    await expect.poll(() => text(card.getByTestId('overview-counter-confirmed')), { timeout: 40_000 }).toBe('2');
    await expect.poll(() => text(card.getByTestId('overview-counter-failed')), { timeout: 10_000 }).toBe('1');
    // The totals follow without a reload.
    await expect.poll(() => text(page.getByTestId('total-today-confirmed')), { timeout: 10_000 }).toBe('2');
    await expect.poll(() => text(page.getByTestId('total-today-calls'))).not.toBe('0');
    // Cilla has not answered with a key, so the drill is still under way.
    expect(await text(card.getByTestId('alert-state'))).toBe('Pågår');
    await a11y();
    await screenshot(page, 'overview.png');
  });

  it('opens the drill’s report: figures, why it failed, every recipient; CSV, PDF and CAP 1.2 download', async () => {
    await page.locator('[data-testid="active-alert"]').getByRole('link', { name: DRILL }).click();
    await h1(DRILL).waitFor();
    await page.getByRole('link', { name: 'Rapport', exact: true }).click();
    await h1(`Rapport: ${DRILL}`).waitFor();
    await expect.poll(() => text(page.getByTestId('figure-confirmed'))).toBe('2');
    expect(await text(page.getByTestId('figure-recipients'))).toBe('4');
    expect(await text(page.getByTestId('figure-reached'))).toBe('3');
    expect(await text(page.getByTestId('figure-failed'))).toBe('1');
    expect(await text(page.getByTestId('figure-declined'))).toBe('0');
    expect(await text(page.getByTestId('report-summary'))).toContain('Övning');
    expect(await text(page.getByTestId('figure-firstConfirmation'))).toMatch(/^\d+ s$|^\d+ min/);
    expect(await text(page.getByTestId('failure-reasons'))).toMatch(/: 1 mottagare$/);
    const rows = page.getByTestId('report-recipients').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(4);
    for (const name of CREW) expect(await text(page.getByTestId('report-recipients'))).toContain(name);
    expect(await text(page.getByTestId('report-content'))).toContain('Meddelandet förstörs');
    await a11y();
    await screenshot(page, 'alert-report.png');

    const csv = await download(page.getByRole('button', { name: 'Exportera rapporten som CSV' }));
    expect(csv.name).toMatch(/\.csv$/);
    for (const name of CREW) expect(csv.content.toString('utf8')).toContain(name);
    await expect.poll(() => text(page.getByTestId('report-export-result'))).toContain(csv.name);
    expect(await text(page.getByTestId('report-export-result'))).toMatch(/SHA-256 [0-9a-f]{64}/);

    const pdf = await download(page.getByRole('button', { name: 'Exportera rapporten som PDF' }));
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // CAP 1.2: a drill is an Exercise, with its title and text; valid by the OASIS schema.
    const cap = await download(page.getByRole('button', { name: 'Exportera larmet som CAP 1.2 (XML)' }));
    expect(cap.name).toMatch(/^gdial-alert-\d+-cap\.xml$/);
    const capXml = cap.content.toString('utf8');
    await validateCap(capXml);
    expect(capXml).toContain('<status>Exercise</status>');
    expect(capXml).toContain(`<headline>${DRILL}</headline>`);
    expect(capXml).toContain('Tryck 1 om du kommer.');
    await expect.poll(() => text(page.getByTestId('report-cap-result'))).toContain(cap.name);
  });

  it('burns the message from the live view; the report keeps only its SHA-256, its CAP export no text', async () => {
    await page.getByRole('link', { name: 'Till larmet' }).click();
    await h1(DRILL).waitFor();
    await page.getByTestId('message-voice').waitFor();
    expect(await text(page.getByTestId('burn-state'))).toMatch(/^Meddelandet förstörs /);
    await page.getByRole('button', { name: 'Förstör nu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Förstör meddelandet nu?' });
    await dialog.waitFor();
    // Keeping it has focus: Enter must not destroy anything by accident.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe('Behåll meddelandet');
    await dialog.getByRole('button', { name: 'Förstör meddelandet' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('burned-notice').waitFor();
    expect(await text(page.getByTestId('burned-notice'))).toContain('Innehållet har förstörts');
    await expect(page.getByTestId('message-voice').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Förstör nu' }).count()).resolves.toBe(0);
    await page.getByRole('status').filter({ hasText: 'Meddelandet är förstört.' }).waitFor({ state: 'attached' });

    await page.getByRole('link', { name: 'Rapport', exact: true }).click();
    await h1(`Rapport: ${DRILL}`).waitFor();
    const burned = page.getByTestId('report-burned');
    await burned.waitFor();
    expect(await text(burned)).toContain('Innehållet har förstörts');
    expect(await text(page.getByTestId('content-sha256'))).toMatch(/^[0-9a-f]{64}$/);

    // The burned drill's CAP message is still valid and carries none of its words; its title stays,
    // as on the report above.
    const cap = (await download(page.getByRole('button', { name: 'Exportera larmet som CAP 1.2 (XML)' }))).content.toString('utf8');
    await validateCap(cap);
    expect(cap).toContain(`<headline>${DRILL}</headline>`);
    expect(cap).not.toContain('Tryck 1');
    expect(cap).toMatch(/burned at/);
  });

  it('Loggar: the call log filtered by status and exported; the audit log exported with the SHA-256 of each file', async () => {
    await nav('Loggar').click();
    await h1('Loggar').waitFor();
    await expect(page.getByRole('tab', { name: 'Samtalslogg' }).getAttribute('aria-selected')).resolves.toBe('true');
    const table = page.getByTestId('log-table-voice');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThanOrEqual(CREW.length);
    await a11y();

    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Upptaget' });
    await page.getByRole('button', { name: 'Filtrera' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await text(table.locator('tbody tr'))).toContain('David Dahl');
    expect(await text(page.getByTestId('log-status-voice'))).toBe('1 rad visas. Det finns inga fler.');
    const csv = await download(page.getByRole('button', { name: 'Exportera samtalsloggen som CSV' }));
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.content.toString('utf8')).toContain('David Dahl');
    expect(csv.content.toString('utf8')).not.toContain('Anna Andersson');
    await screenshot(page, 'logs.png');

    await page.getByRole('tab', { name: 'Granskningslogg' }).click();
    await page.getByTestId('audit-table').waitFor();
    const got: Download[] = [];
    const onDownload = (d: Download) => void got.push(d);
    page.on('download', onDownload);
    await page.getByRole('button', { name: 'Exportera granskningsloggen som CSV' }).click();
    const result = page.getByTestId('export-audit-result');
    await expect.poll(() => result.getByTestId('export-sha256').count(), { timeout: 20_000 }).toBe(2);
    for (const hash of await result.getByTestId('export-sha256').allTextContents()) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(() => got.length).toBe(2);
    page.off('download', onDownload);
    const [data, manifest] = await Promise.all(got.map(saved));
    expect(data?.content.toString('utf8')).toContain('schedules.create');
    expect(manifest?.content.toString('utf8')).toContain(await text(result.getByTestId('export-sha256').first()));
    await a11y();
    expect(pageErrors).toEqual([]);
  });

  it('Inställningar: the time zone and backup settings, and a backup made now', async () => {
    await nav('Inställningar').click();
    await h1('Inställningar').waitFor();
    await expect(page.getByRole('combobox', { name: 'Tidszon' }).inputValue()).resolves.toBe(ZONE);
    const backups = page.getByRole('group', { name: 'Säkerhetskopior' });
    await expect(backups.getByRole('textbox', { name: 'Antal kopior att spara' }).inputValue()).resolves.toBe('14');
    await backups.getByRole('button', { name: 'Säkerhetskopiera nu' }).click();
    await page.getByRole('status').filter({ hasText: 'Säkerhetskopian är klar' }).waitFor({ state: 'attached', timeout: 20_000 });
    const row = backups.getByTestId('backup-table').locator('tbody tr').first();
    expect(await text(row)).toContain('Manuell');
    expect(await text(row)).toContain('Kontrollerad');
    await a11y();
    expect(pageErrors).toEqual([]);
  });
});
