/**
 * What the shell says on every page, the way an operator meets it: on the simulator a banner
 * says no real phone rings (and the pre-flight, the live view, the report and its CSV and PDF
 * say it too, never "Skarpt larm"); a pending approval reaches the other operator's console
 * live (a badge on Larm, a notification, a chime) and is approved from Översikt; Settings asks
 * before an edit is thrown away; a lost connection to the engine, or to the carrier, is a banner
 * across the page.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Download, Locator, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../main/carriers/simulator';
import { pdfText } from '../main/reports/test-pdf';
import { wsClient, type WsTestClient } from '../main/test-support/ws-client';
import { groupsCsv, startConfirmingSimulator } from './alert-fixture';
import {
  chooseGroupByVoice,
  consoleView,
  createOperator,
  expectAccessible,
  importContactsCsv,
  openNewAlert,
  openOperatorTab,
  signIn,
  signUpFirstAdmin,
  startAlertEngine,
  stopAll,
  warnIfNoAxe,
} from './console-steps';
import { launchBrowser, screenshot, type RunningEngine } from './harness';

const ADMIN = { username: 'anna', displayName: 'Anna Admin', password: 'korrekt-häst-batteri' };
const OPERATOR = { username: 'bertil', displayName: 'Bertil Berg', password: 'blå-lampa-fyrtorn-7' };
const CREW = ['Anna Andersson', 'Bo Berg', 'Cilla Carlsson'];
const SIMULATOR = 'Simulator – ingen riktig telefon ringer';
const LIVE_TITLE = 'Provlarm till reserven';
const BIG_TITLE = 'Brand – hela styrkan';

declare global {
  interface Window {
    gdialChimeNotes?: number;
  }
}

describe('shell banners, approvals and unsaved changes', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let approver: Page;
  let files: string;
  let rpc: WsTestClient;
  /** The approver's WebSocket to the engine, routed so the test can cut it. */
  const sockets: WebSocketRoute[] = [];
  let cut = false;

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-banners-'));
    sim = await startConfirmingSimulator();
    // Live alerts to more than two people need a second person's approval.
    engine = await startAlertEngine(sim, { GDIAL_APPROVAL_THRESHOLD: '2' });
    browser = await launchBrowser();
    page = await openOperatorTab(browser);
    approver = await openOperatorTab(browser);
    // Notes the chime plays, counted where WebAudio starts them (no test hook in the console).
    await approver.context().addInitScript(() => {
      window.gdialChimeNotes = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
        window.gdialChimeNotes = (window.gdialChimeNotes ?? 0) + 1;
        return start.apply(this, args);
      };
    });
    await approver.context().routeWebSocket(/\/rpc$/, (ws) => {
      if (cut) return void ws.close({ code: 1012, reason: 'cut by the test' });
      ws.connectToServer();
      sockets.push(ws);
    });
  });

  afterAll(async () => {
    rpc?.ws.close();
    await stopAll({ browser, engine, sim, files });
  });

  const { h1, nav, text, a11y } = consoleView(() => page);
  const banner = (p: Page) => p.getByTestId('simulator-banner');

  async function call<T>(method: string, input: unknown = {}): Promise<T> {
    const result = await rpc.call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  }

  async function download(button: Locator): Promise<Buffer> {
    const [file]: [Download, void] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), button.click()]);
    const at = path.join(files, file.suggestedFilename());
    await file.saveAs(at);
    return readFileSync(at);
  }

  it('says on every page that the simulator rings no real phone', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    await banner(page).getByText(SIMULATOR).waitFor();
    expect(await text(banner(page))).toContain('Välj Twilio under Inställningar');
    await a11y();
    await screenshot(page, 'simulator-banner.png');
    expect(await importContactsCsv(page, files, groupsCsv(CREW, 2))).toContain('Nya: 5.');
    await banner(page).getByText(SIMULATOR).waitFor();
    await nav('Inställningar').click();
    await h1('Inställningar').waitFor();
    await banner(page).getByText(SIMULATOR).waitFor();
    await createOperator(page, OPERATOR);
    await banner(page).getByText(SIMULATOR).waitFor();
    rpc = await wsClient(engine.url);
    await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  });

  it('says it in the pre-flight instead of "Skarpt larm", and in the live view', async () => {
    await openNewAlert(page);
    await page.getByRole('textbox', { name: 'Rubrik' }).fill(LIVE_TITLE);
    await page.getByRole('textbox', { name: 'Text för röstsamtal' }).fill('Provlarm. Tryck 1.');
    await chooseGroupByVoice(page, 'Reservstyrka');
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('2');
    const notice = page.getByTestId('simulator-notice');
    await notice.getByText(SIMULATOR).waitFor();
    expect(await text(notice)).toContain('Mottagarnas telefoner ringer inte');
    expect(await text(page.locator('main'))).not.toContain('Skarpt larm');
    await a11y();

    await page.getByRole('button', { name: 'Starta larmet' }).click();
    await h1(LIVE_TITLE).waitFor({ timeout: 20_000 });
    await page.getByTestId('simulator-notice').getByText(SIMULATOR).waitFor();
    await banner(page).waitFor();
    await a11y();
  });

  it('says it in the report and in its CSV and PDF', async () => {
    const id = Number(/larm=(\d+)/.exec(page.url())?.[1]);
    expect(id).toBeGreaterThan(0);
    await page.evaluate((n) => void (window.location.hash = `#/larm?rapport=${n}`), id);
    await page.getByTestId('report-summary').waitFor();
    await page.getByTestId('simulator-notice').getByText(SIMULATOR).waitFor();
    await a11y();
    const csv = (await download(page.getByRole('button', { name: 'Exportera rapporten som CSV' }))).toString('utf8');
    expect(csv).toContain(SIMULATOR);
    expect(csv).toContain(LIVE_TITLE);
    const pdf = await download(page.getByRole('button', { name: 'Exportera rapporten som PDF' }));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain(SIMULATOR);
  });

  it('announces a pending approval live to the other operator (badge, notification, chime) and approves it from Översikt', async () => {
    await approver.goto(engine.url);
    await signIn(approver, OPERATOR);
    await approver.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
    expect(await approver.getByTestId('approvals-badge').count()).toBe(0);

    const launched = await call<{ id: number; state: string }>('alerts.launch', {
      launchKey: `approval-${Date.now()}`,
      draft: { title: BIG_TITLE, voiceText: 'Brand. Tryck 1 om du kommer.', channels: ['voice'], groupIds: [await groupId('Insatsstyrka')] },
    });
    expect(launched.state).toBe('pending_approval');

    // The other operator's console hears of it without a reload.
    const menuLarm = approver.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: /^Larm/ });
    await expect.poll(() => text(menuLarm.getByTestId('approvals-badge')), { timeout: 10_000 }).toBe('1');
    expect(await text(menuLarm)).toContain('1 larm väntar på ditt godkännande');
    await approver.getByText('Larm väntar på godkännande').first().waitFor();
    await expect.poll(() => approver.evaluate(() => window.gdialChimeNotes ?? 0)).toBeGreaterThan(0);
    const row = approver.getByTestId('approval-row');
    expect(await text(row)).toContain(BIG_TITLE);
    expect(await text(row)).toContain('startat av anna');
    await expectAccessible(approver);
    await screenshot(approver, 'pending-approval.png');
    // The one who launched it may not approve it: no badge, no Godkänn for them.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await banner(page).waitFor();
    expect(await page.getByTestId('approvals-badge').count()).toBe(0);

    const notesBefore = await approver.evaluate(() => window.gdialChimeNotes ?? 0);
    await approver.getByRole('button', { name: `Godkänn ”${BIG_TITLE}”` }).click();
    await row.waitFor({ state: 'detached' });
    await menuLarm.getByTestId('approvals-badge').waitFor({ state: 'detached' });
    await expect.poll(async () => (await call<{ state: string; approvedBy: string | null }>('alerts.get', { id: launched.id })).approvedBy).toBe(OPERATOR.username);
    // Played once per new approval, not again when the list changes.
    expect(await approver.evaluate(() => window.gdialChimeNotes ?? 0)).toBe(notesBefore);
  });

  it('asks before Settings throws an edit away; Avbryt keeps it', async () => {
    await nav('Inställningar').click();
    await h1('Inställningar').waitFor();
    const sender = page.getByRole('textbox', { name: 'Sms-avsändare' });
    await sender.fill('Raddning');
    await nav('Kontakter').click();
    const dialog = page.getByRole('dialog', { name: 'Osparade ändringar' });
    await dialog.waitFor();
    await a11y();
    // Focus on the safe choice: Enter does not throw the edit away.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe('Avbryt');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'detached' });
    await h1('Inställningar').waitFor();
    expect(page.url()).toMatch(/#\/installningar$/);
    await expect(sender.inputValue()).resolves.toBe('Raddning');

    await nav('Kontakter').click();
    await dialog.getByRole('button', { name: 'Lämna utan att spara' }).click();
    await h1('Kontakter').waitFor();
    expect((await call<{ values: { smsSender: string } }>('settings.get')).values.smsSender).toBe('GDial');
  });

  it('asks before the contact editor or the template editor closes over an edit', async () => {
    const dialog = page.getByRole('dialog', { name: 'Osparade ändringar' });
    // The contact editor: Escape asks, Avbryt keeps the edit, "Lämna utan att spara" closes it unsaved.
    await page.getByRole('gridcell', { name: CREW[0] }).first().click();
    const drawer = page.getByRole('dialog', { name: `Redigera ${CREW[0]}` });
    const name = drawer.getByRole('textbox', { name: 'Namn', exact: true });
    await expect.poll(() => name.inputValue()).toBe(CREW[0]);
    await name.fill('Anna Ändrad');
    await page.keyboard.press('Escape');
    await dialog.waitFor();
    await a11y();
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(name.inputValue()).resolves.toBe('Anna Ändrad');
    await drawer.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.getByRole('button', { name: 'Lämna utan att spara' }).click();
    await drawer.waitFor({ state: 'detached' });
    const book = await call<{ rows: Array<{ name: string }> }>('contacts.list', { query: 'Anna' });
    expect(book.rows.map((r) => r.name)).toContain(CREW[0]);

    // The template editor: nothing typed closes at once; a typed name asks first.
    await nav('Mallar').click();
    await h1('Mallar').waitFor();
    await page.getByRole('button', { name: 'Ny mall' }).click();
    const editor = page.getByRole('dialog', { name: 'Ny mall' });
    await editor.getByRole('button', { name: 'Avbryt' }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Ny mall' }).click();
    await editor.getByRole('textbox', { name: 'Namn', exact: true }).fill('Halvfärdig mall');
    await page.keyboard.press('Escape');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await expect(editor.getByRole('textbox', { name: 'Namn', exact: true }).inputValue()).resolves.toBe('Halvfärdig mall');
    await editor.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.getByRole('button', { name: 'Lämna utan att spara' }).click();
    await editor.waitFor({ state: 'detached' });
    expect(await call<unknown[]>('templates.list')).toEqual([]);
  });

  it('shows a banner across the page while the engine cannot be reached, gone when it is back', async () => {
    const offline = approver.getByRole('alert').filter({ hasText: 'Ingen förbindelse med GDial-motorn' });
    expect(await offline.count()).toBe(0);
    cut = true;
    for (const ws of sockets.splice(0)) await ws.close({ code: 1012, reason: 'cut by the test' });
    await offline.waitFor({ timeout: 10_000 });
    expect(await text(offline)).toContain('Det du ser kan vara inaktuellt. Försöker igen…');
    await expectAccessible(approver);
    await screenshot(approver, 'offline-banner.png');
    cut = false;
    await offline.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => text(approver.getByTestId('connection-status'))).toContain('Ansluten');
    // Still signed in, and the engine answers again.
    await approver.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kontakter' }).click();
    await approver.getByRole('heading', { level: 1, name: 'Kontakter' }).waitFor();
  });

  it('says across the page when the carrier cannot be reached and alerts wait', async () => {
    const noUplink = approver.getByRole('alert').filter({ hasText: 'Operatören går inte att nå' });
    expect(await noUplink.count()).toBe(0);
    // The carrier's address now refuses connections: the next call cannot be placed.
    await sim.stop();
    await call('alerts.launch', {
      launchKey: `no-uplink-${Date.now()}`,
      draft: { title: 'Utan förbindelse', voiceText: 'Prov. Tryck 1.', channels: ['voice'], groupIds: [await groupId('Reservstyrka')] },
    });
    await noUplink.waitFor({ timeout: 15_000 });
    expect(await text(noUplink)).toContain('Larm väntar och skickas när förbindelsen är tillbaka.');
    await expectAccessible(approver);
  });

  async function groupId(name: string): Promise<number> {
    const groups = await call<Array<{ id: number; name: string }>>('groups.list');
    const group = groups.find((g) => g.name === name);
    if (!group) throw new Error(`no group ${name}`);
    return group.id;
  }
});
