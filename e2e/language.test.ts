/**
 * One language at a time, in Chromium against the real engine: a drill with failures (a busy
 * line, no answer, texts to a phone out of coverage: Twilio 30003) through the simulator. The Swedish console shows
 * the engine's reasons in Swedish and no English reason text; switched to English, the live view,
 * the report, the logs and the import preview show no Swedish text from the engine, and the
 * report's CSV comes in English (the exporting user's language) with ISO times and offsets.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../main/carriers/simulator';
import { vocabularyIn } from '../main/contract/vocabulary';
import { wsClient, type WsTestClient } from '../main/test-support/ws-client';
import { consoleView, openOperatorTab, signUpFirstAdmin, startAlertEngine, stopAll, warnIfNoAxe } from './console-steps';
import { launchBrowser, screenshot, type RunningEngine } from './harness';

const ADMIN = { username: 'lena', displayName: 'Lena Lang', password: 'sprakbyte-vid-midnatt' };
// Names and title without å, ä, ö: whatever Swedish letters the English console shows came from GDial.
const PEOPLE = [
  { name: 'Busy Berg', number: '+46701000101' },
  { name: 'Offline Olsson', number: '+46701000102' },
  { name: 'Confirm Carlsson', number: '+46701000103' },
];
const TITLE = 'Language drill';

const SV = vocabularyIn('sv');
const EN = vocabularyIn('en');
/** The engine's Swedish words that differ from their English ones: none may show in English. */
const swedishOnly = (): string[] =>
  [SV.attemptReasons, SV.carrierCodes, SV.attemptStates, SV.recipientStates, SV.answeredBy, SV.importReasons, SV.phoneProblems]
    .flatMap((table) => Object.values(table as Record<string, string>))
    .filter((w) => /[a-zåäö]{4}/i.test(w) && !Object.values(EN).some((t) => typeof t === 'object' && Object.values(t as object).includes(w)))
    .map((w) => w.replace(/\{\{\w+\}\}/g, '').trim())
    .filter((w) => w.length >= 5 && !w.includes(':'));
const englishOnly = (): string[] =>
  [EN.attemptReasons, EN.carrierCodes].flatMap((t) => Object.values(t as Record<string, string>)).filter((w) => w.length >= 8 && !w.includes('{{'));

describe('the console speaks one language', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let api: WsTestClient;
  let files: string;
  let alertId: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-language-'));
    sim = await startSimulator(
      {
        latencyMs: { min: 5, max: 30 },
        ringMs: { min: 50, max: 200 },
        talkMs: { min: 20, max: 60 },
        timeScale: 0.05,
        outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 },
        dtmf: { '1': 1 },
        scripts: {
          [PEOPLE[0]!.number]: { outcome: 'busy', sms: 'undelivered', smsErrorCode: 30003 },
          [PEOPLE[1]!.number]: { outcome: 'no-answer', sms: 'undelivered', smsErrorCode: 30003 },
        },
      },
      { port: 0 },
    );
    engine = await startAlertEngine(sim);
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors, acceptDownloads: true });
  });

  afterAll(async () => {
    api?.ws.close();
    await stopAll({ browser, engine, sim, files });
  });

  const { a11y } = consoleView(() => page);
  const main = () => page.getByRole('main');
  const bodyText = async (where: Locator) => (await where.innerText()).replace(TITLE, '');
  const expectNone = (text: string, phrases: string[], what: string) => {
    const found = phrases.filter((p) => text.includes(p));
    expect(found, what).toEqual([]);
  };

  it('runs a drill with failures through the simulator', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    api = await wsClient(engine.url);
    const login = await api.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(login.ok).toBe(true);
    const contactIds: number[] = [];
    for (const p of PEOPLE) {
      const made = await api.call('contacts.create', { name: p.name, numbers: [{ number: p.number, label: 'mobile' }] });
      expect(made.ok, JSON.stringify(made)).toBe(true);
      contactIds.push((made as { ok: true; value: { id: number } }).value.id);
    }
    const launched = await api.call('alerts.launch', {
      launchKey: `language-${Date.now()}`,
      draft: {
        title: TITLE,
        voiceText: 'This is a drill. Press 1.',
        smsText: 'Drill: reply JA.',
        channels: ['voice', 'sms'],
        contactIds,
        drill: true,
        policy: { cycles: 1, attemptsPerNumber: 1, expiresAfterMinutes: 5 },
      },
    });
    expect(launched.ok, JSON.stringify(launched)).toBe(true);
    alertId = (launched as { ok: true; value: { id: number } }).value.id;
    // Until the busy call and the texts out of coverage are in the report.
    await expect
      .poll(
        async () => {
          const r = await api.call('reports.alert', { id: alertId });
          if (!r.ok) return [];
          return (r.value as { recipients: Array<{ failures: Array<{ reason: { code: string } }> }> }).recipients.flatMap((x) => x.failures.map((f) => f.reason.code)).sort();
        },
        { timeout: 30_000, interval: 250 },
      )
      .toEqual(expect.arrayContaining(['busy', 'carrier_30003']));
  });

  it('in Swedish: the reasons in Swedish on the live view and the report, no English reason text', async () => {
    await page.goto(`${engine.url}/#/larm?rapport=${alertId}`);
    await expect.poll(() => main().innerText(), { timeout: 10_000 }).toContain('Telefonen är avstängd eller utom täckning (kod 30003)');
    const report = await bodyText(main());
    expect(report).toContain('Upptaget');
    expectNone(report, englishOnly(), 'Swedish report');

    await page.goto(`${engine.url}/#/larm?larm=${alertId}`);
    // Each person's latest attempt and why it failed. Which of a person's attempts ended last
    // (the call: busy or no answer; the text: out of coverage) is the carriers' timing, so either
    // reason may show; the unanswered call ends on the carrier's timeout, so wait for it.
    await expect.poll(() => main().innerText(), { timeout: 30_000 }).toMatch(/Busy Berg\t.*\t(Upptaget|Telefonen är avstängd)/);
    await expect.poll(() => main().innerText(), { timeout: 30_000 }).toMatch(/Offline Olsson\t.*\t(Inget svar|Telefonen är avstängd)/);
    expectNone(await bodyText(main()), englishOnly(), 'Swedish live view');
  });

  it('switched to English: no Swedish from the engine on the report, the live view and the logs', async () => {
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.goto(`${engine.url}/#/larm?rapport=${alertId}`);
    await expect.poll(() => main().innerText(), { timeout: 10_000 }).toContain('The phone is switched off or out of coverage (code 30003)');
    const report = await bodyText(main());
    expectNone(report, swedishOnly(), 'English report');
    expect(await bodyText(page.getByRole('table').last())).not.toMatch(/[åäöÅÄÖ]/);
    await a11y();

    await page.goto(`${engine.url}/#/larm?larm=${alertId}`);
    await expect.poll(() => main().innerText(), { timeout: 30_000 }).toMatch(/Busy Berg\t.*\t(Busy|The phone is switched off)/);
    await expect.poll(() => main().innerText(), { timeout: 30_000 }).toMatch(/Offline Olsson\t.*\t(No answer|The phone is switched off)/);
    const live = await bodyText(main());
    expectNone(live, swedishOnly(), 'English live view');
    await screenshot(page, 'language-en-live.png');
    await a11y();

    for (const tab of ['samtal', 'sms']) {
      await page.goto(`${engine.url}/#/loggar?logg=${tab}`);
      const table = page.getByRole('table').first();
      await expect.poll(() => table.innerText(), { timeout: 10_000 }).toContain(TITLE);
      const text = await bodyText(table);
      expect(text, tab).not.toMatch(/[åäöÅÄÖ]/);
      expectNone(text, swedishOnly(), `English ${tab} log`);
    }
    expect(await bodyText(page.getByRole('table').first())).toContain('The phone is switched off or out of coverage (code 30003)');
    await a11y();
  });

  it('exports the report in the exporting user’s language, times with their offset', async () => {
    await page.goto(`${engine.url}/#/larm?rapport=${alertId}`);
    const button = page.getByRole('button', { name: 'Export the report as CSV', exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const file = path.join(files, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toBe(`gdial-alert-${alertId}-report.csv`);
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain('The phone is switched off or out of coverage (code 30003)');
    expect(csv).toContain('Name,Status,Reached');
    expect(csv).toMatch(/Created,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d/);
    expect(csv.replace(TITLE, '')).not.toMatch(/[åäöÅÄÖ]/);
  });

  it('the English import preview names problems in English', async () => {
    await page.goto(`${engine.url}/#/kontakter`);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const wizard = page.getByRole('dialog', { name: 'Import contacts' });
    const csvFile = path.join(files, 'crew.csv');
    writeFileSync(csvFile, ['name;mobile', 'Short Number;070-12', `Busy Twin;${PEOPLE[0]!.number}`].join('\r\n'), 'utf8');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), wizard.getByRole('button', { name: 'Choose file' }).click()]);
    await chooser.setFiles(csvFile);
    await wizard.getByRole('button', { name: 'Read the file' }).click();
    await wizard.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('heading', { name: 'Review the rows' }).waitFor();
    const rows = wizard.getByRole('table').last();
    await expect.poll(() => rows.innerText()).toContain('070-12: too short');
    const text = await rows.innerText();
    expect(text).toContain('The number already belongs to Busy Berg');
    expect(text).not.toMatch(/[åäöÅÄÖ]/);
    expectNone(text, swedishOnly(), 'English import preview');
    await a11y();
    expect(pageErrors).toEqual([]);
  });
});
