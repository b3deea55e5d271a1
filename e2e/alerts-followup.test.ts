/**
 * Following an alert up, in Chromium against the real engine: a drill in which nobody presses a
 * key ends with everyone unreached; "Skicka igen till obekräftade" says how many it is for, and
 * the second round (now everyone presses 1) confirms them all, each called exactly twice. Then
 * Inställningar: every dispatch setting by topic under a Swedish label, never its raw name, the
 * drill roster chosen by group name.
 *
 * The "Ring igen?" decision needs an attempt the carrier cannot account for, which the engine
 * only produces after a crash or a create that timed out; its logic is covered by
 * renderer/src/pages/alerts/live/follow-up.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Simulator } from '../main/carriers/simulator';
import { settingKeys } from '../main/contract/settings';
import { groupsCsv, startConfirmingSimulator } from './alert-fixture';
import {
  chooseGroupByVoice,
  consoleView,
  importContactsCsv,
  oneRoundOnly,
  openNewAlert,
  openOperatorTab,
  signUpFirstAdmin,
  startAlertEngine,
  stopAll,
  warnIfNoAxe,
} from './console-steps';
import { launchBrowser, screenshot } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'cecilia', displayName: 'Cecilia Chef', password: 'vaktbyte-i-gryningen' };
const CREW = ['Anna Andersson', 'Bo Berg', 'Cilla Carlsson'];
// As the CSV writes them (070-100 00 01 …), in E.164.
const NUMBERS = CREW.map((_, i) => `+4670100000${i + 1}`);
const TITLE = 'Kvittensövning';

describe('alert follow-up and settings', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let files: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-followup-'));
    sim = await startConfirmingSimulator();
    // At first everyone answers and presses nothing.
    sim.configure({ dtmf: { '': 1 } });
    engine = await startAlertEngine(sim);
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors });
  });

  afterAll(() => stopAll({ browser, engine, sim, files }));

  const { h1, nav, text, focused, counter, a11y } = consoleView(() => page);
  const calls = () => NUMBERS.map((n) => sim.createsTo(n, 'call'));

  it('signs in the first administrator and imports the crew', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    expect(await importContactsCsv(page, files, groupsCsv(CREW, 0))).toContain(`Nya: ${CREW.length}.`);
  });

  it('counts the SMS in the wizard as sent, drill mark included', async () => {
    await openNewAlert(page);
    await page.getByRole('textbox', { name: 'Rubrik' }).fill(TITLE);
    await page.getByRole('textbox', { name: 'Text för röstsamtal' }).fill('Det här är en kvittensövning. Tryck 1.');
    await page.getByRole('textbox', { name: 'Sms-text' }).fill('Kom till stationen.');
    const count = page.getByTestId('sms-counter');
    // 19 characters, a line break and "Svara JA för att bekräfta.": 46 of 160.
    await expect.poll(() => text(count)).toBe('1 sms-del (GSM-7), 114 tecken kvar');
    // The drill switch stays in view on every step; turned on here, the counter follows.
    await page.getByRole('switch', { name: /^Övning/ }).check();
    // "ÖVNING: " in front: 8 more.
    await expect.poll(() => text(count)).toBe('1 sms-del (GSM-7), 106 tecken kvar');
    expect(await text(page.getByTestId('sms-counted'))).toBe('Räknat på sms:et som det skickas, med ”ÖVNING:” först och ”Svara JA för att bekräfta.” sist.');
  });

  it('runs the drill once through: nobody confirms, everyone ends unreached', async () => {
    await chooseGroupByVoice(page, 'Insatsstyrka');
    // One round, so the alert ends without waiting for a second.
    await oneRoundOnly(page);
    await page.getByRole('button', { name: 'Nästa' }).click();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('3');
    await page.getByRole('button', { name: 'Starta övningen' }).click();
    await h1(TITLE).waitFor({ timeout: 15_000 });

    await expect.poll(() => text(page.getByTestId('alert-state').first()), { timeout: 20_000 }).toBe('Klart');
    await expect.poll(() => counter('unreached')).toBe('3');
    expect(await counter('confirmed')).toBe('0');
    expect(await counter('pending')).toBe('0');
    await expect.poll(() => text(page.getByTestId('alert-progress-text'))).toBe('0 av 3 bekräftade · 3 av 3 avgjorda');
    expect(calls()).toEqual([1, 1, 1]);
    // Everyone answered: nothing failed, so only the unconfirmed can be called again.
    await expect(page.getByRole('button', { name: 'Skicka igen till obekräftade' }).isEnabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Skicka igen till misslyckade' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('in-doubt-notice').count()).resolves.toBe(0);
    await a11y();
  });

  it('resends to the unconfirmed after saying how many; the second round confirms them all', async () => {
    sim.configure({ dtmf: { '1': 1 } });
    await page.getByRole('button', { name: 'Skicka igen till obekräftade' }).click();
    const dialog = page.getByRole('dialog', { name: 'Skicka igen till obekräftade?' });
    await dialog.waitFor();
    expect(await text(dialog)).toContain('3 personer har varken bekräftat eller avböjt.');
    // Nothing goes out on a stray Enter: the safe choice has focus.
    await expect.poll(focused).toBe('Skicka inte');
    await a11y();
    await dialog.getByRole('button', { name: 'Skicka igen', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => text(page.getByTestId('resend-result'))).toContain('Ett nytt utskick till obekräftade är köat.');
    // Focus is back on the button that asked; if everyone confirmed that fast, on the section heading.
    await expect.poll(focused).toMatch(/^(Skicka igen till obekräftade|Följ upp)$/);

    await expect.poll(() => counter('confirmed'), { timeout: 20_000 }).toBe('3');
    await expect.poll(() => text(page.getByTestId('alert-state').first()), { timeout: 10_000 }).toBe('Klart');
    await expect.poll(() => text(page.getByTestId('alert-progress-text'))).toBe('3 av 3 bekräftade · 3 av 3 avgjorda');
    expect(await counter('unreached')).toBe('0');
    // Each person called once per round, never doubled.
    expect(calls()).toEqual([2, 2, 2]);
    const table = page.getByRole('table', { name: 'Mottagare och senaste händelse' });
    await expect.poll(() => table.locator('tbody tr[data-recipient-state="confirmed"]').count()).toBe(3);
    await expect(page.getByRole('button', { name: 'Skicka igen till obekräftade' }).isDisabled()).resolves.toBe(true);
    expect(await text(page.getByRole('region', { name: 'Följ upp' }))).toContain('Alla har bekräftat eller avböjt');
    await a11y();
    await screenshot(page, 'alert-follow-up.png');
  });

  it('shows every setting under a Swedish label, by topic, and picks the drill roster by name', async () => {
    await nav('Inställningar').click();
    await h1('Inställningar').waitFor();
    const form = page.locator('main form');
    await form.getByRole('button', { name: 'Spara inställningar' }).waitFor();
    for (const topic of ['Allmänt', 'Operatör och Twilio', 'Publik adress och tunnel', 'Tal (TTS)', 'Takt och kostnad', 'Larm', 'Simulator', 'Säkerhet', 'Import', 'Nätverk']) {
      await page.getByRole('group', { name: topic, exact: true }).waitFor();
    }
    await expect(page.getByRole('group', { name: 'Övrigt' }).count()).resolves.toBe(0);
    // No setting is shown by its name in the engine.
    const shown = await page.locator('main').innerText();
    // "tunnel" is also a Swedish word ("Publik adress och tunnel"), not only a setting's name.
    const words = new Set(['tunnel']);
    expect(settingKeys.filter((key) => !words.has(key) && new RegExp(`\\b${key}\\b`).test(shown))).toEqual([]);

    const pace = page.getByRole('group', { name: 'Takt och kostnad' });
    const perSecond = pace.getByRole('textbox', { name: 'Samtal per sekund' });
    await expect(perSecond.inputValue()).resolves.toBe('20');
    // Fixed by the environment the engine was started with, and it says so.
    await expect(perSecond.isDisabled()).resolves.toBe(true);
    expect(await text(pace)).toContain('Satt av miljövariabeln GDIAL_CALLS_PER_SECOND');
    // Decimals the Swedish way.
    await expect(pace.getByRole('textbox', { name: 'Pris per samtalsminut' }).inputValue()).resolves.toBe('1,2');
    const carrier = page.getByRole('group', { name: 'Operatör och Twilio' });
    await expect(carrier.getByRole('combobox', { name: 'Teleoperatör' }).inputValue()).resolves.toBe('simulator');
    expect(await text(carrier)).toContain('Inbyggd simulator (inga riktiga samtal)');
    await expect(carrier.getByRole('textbox', { name: 'Sms-avsändare' }).inputValue()).resolves.toBe('GDial');
    await a11y();
    await screenshot(page, 'settings.png');

    const roster = page.getByRole('group', { name: 'Larm', exact: true }).getByRole('combobox', { name: 'Övningsgrupp' });
    await expect(roster.inputValue()).resolves.toBe('0');
    await roster.selectOption({ label: 'Insatsstyrka' });
    await form.getByRole('button', { name: 'Spara inställningar' }).click();
    await page.getByText('Inställningarna är sparade.').waitFor();
    // Away and back: the engine holds the group, shown by its name.
    await nav('Översikt').click();
    await h1('Översikt').waitFor();
    await nav('Inställningar').click();
    await h1('Inställningar').waitFor();
    const saved = page.getByRole('combobox', { name: 'Övningsgrupp' });
    await expect.poll(() => saved.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '')).toBe('Insatsstyrka');
    expect(pageErrors).toEqual([]);
  });
});
