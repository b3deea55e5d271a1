/**
 * Burn messages in Chromium against the real engine: the wizard offers "a while after the
 * call-out has ended" and says that a burn counted from the start stops a call-out still running;
 * the pre-flight names the template that holds the same words (typed with other spacing), and
 * after "Förstör nu" the notice says where the text still is. What was launched and burned is
 * checked in the engine, and axe checks each new state.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Simulator } from '../main/carriers/simulator';
import { wsClient, type WsTestClient } from '../main/test-support/ws-client';
import { groupsCsv, startConfirmingSimulator } from './alert-fixture';
import { chooseGroupByVoice, consoleView, importContactsCsv, openNewAlert, openOperatorTab, signUpFirstAdmin, startAlertEngine, stopAll, warnIfNoAxe } from './console-steps';
import { launchBrowser, screenshot } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'anna', displayName: 'Anna Admin', password: 'korrekt-häst-batteri' };
const SECRET = 'Vittnet Zebra4711 väntar vid norra porten.';
const TITLE = 'Skyddat vittne';

describe('burn messages', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let files: string;
  let rpc: WsTestClient;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-burn-'));
    sim = await startConfirmingSimulator();
    engine = await startAlertEngine(sim);
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors });
  });

  afterAll(async () => {
    rpc?.ws.close();
    await stopAll({ browser, engine, sim, files });
  });

  const { h1, text, a11y } = consoleView(() => page);

  async function call<T>(method: string, input: unknown = {}): Promise<T> {
    const result = await rpc.call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  }

  it('sets up a crew, and a template that holds the same words', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    expect(await importContactsCsv(page, files, groupsCsv(['Anna Andersson', 'Bo Berg'], 0))).toContain('Nya: 2.');
    rpc = await wsClient(engine.url);
    await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    // The same words, pasted with a line break and double spaces.
    await call('templates.create', { name: 'Mall Väst', voiceText: 'Vittnet Zebra4711  väntar\nvid norra porten.' });
  });

  it('offers a burn counted from the end, and says that one counted from the start stops a running call-out', async () => {
    await openNewAlert(page);
    await page.getByRole('textbox', { name: 'Rubrik' }).fill(TITLE);
    await page.getByRole('textbox', { name: 'Text för röstsamtal' }).fill(SECRET);
    await chooseGroupByVoice(page, 'Insatsstyrka');
    const burn = page.getByTestId('burn-fields');
    await burn.getByRole('radio', { name: 'Efter en tid från start' }).check();
    await burn.getByText('Pågår utlarmningen fortfarande då, stoppas den: ingen mer rings eller får sms, och pågående samtal avslutas.').waitFor();
    await burn.getByRole('radio', { name: 'En tid efter att utlarmningen har avslutats' }).check();
    await burn.getByText('Utlarmningen stoppas aldrig av förstöringen.').waitFor();
    const minutes = page.getByTestId('burn-minutes-end');
    await minutes.fill('5');
    await a11y();
    await screenshot(page, 'burn-after-end.png');

    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    const preflight = page.getByTestId('preflight-burn');
    expect(await text(preflight)).toMatch(/Meddelandet förstörs 5 min\S* efter att utlarmningen har avslutats\./);
    await expect
      .poll(() => text(page.getByTestId('preflight-burn-elsewhere')))
      .toBe('Samma text finns i mallen ”Mall Väst”. Den raderas inte när meddelandet förstörs.');
    await a11y();
  });

  it('launches, and after "Förstör nu" says where the text still is', async () => {
    await page.getByRole('button', { name: 'Starta larmet' }).click();
    await h1(TITLE).waitFor({ timeout: 15_000 });
    const [alert] = await call<Array<{ id: number; burn: unknown; state: string }>>('alerts.list', { limit: 1 });
    if (!alert) throw new Error('the launch wrote no alert');
    expect(alert.burn).toMatchObject({ after: 'end', minutes: 5, burnedAt: null });
    // Until the burn the text is there, and it says when it will go.
    await page.getByText(/Meddelandet förstörs/).first().waitFor();

    await page.getByRole('button', { name: 'Förstör nu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Förstör meddelandet nu?' });
    await dialog.getByRole('button', { name: 'Förstör meddelandet' }).click();
    const notice = page.getByTestId('burned-notice');
    await notice.waitFor();
    expect(await text(page.getByTestId('burned-elsewhere'))).toBe('Texten finns kvar i mallen ”Mall Väst”. Ändra eller ta bort den där om den inte ska finnas kvar.');
    await a11y();
    await screenshot(page, 'burn-text-elsewhere.png');

    const burned = await call<{ voiceText: string; burn: { burnedAt: string | null; textElsewhere: unknown[] } }>('alerts.get', { id: alert.id });
    expect(burned.voiceText).toBe('');
    expect(burned.burn.burnedAt).not.toBeNull();
    expect(burned.burn.textElsewhere).toEqual([expect.objectContaining({ kind: 'template', name: 'Mall Väst', action: 'kept' })]);
    expect(pageErrors).toEqual([]);
  });

  it('says the same in English, from the same engine data', async () => {
    await page.getByRole('radiogroup', { name: 'Språk' }).getByText('English').click();
    await page.getByTestId('burned-notice').getByText('The content has been destroyed').waitFor();
    expect(await text(page.getByTestId('burned-elsewhere'))).toBe('The text is still in the template “Mall Väst”. Change or delete it there if it must not remain.');
    await a11y();
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('Svenska').click();
    await page.getByTestId('burned-elsewhere').getByText('Texten finns kvar').waitFor();
  });
});
