/**
 * The conversation with the people alerted, in Chromium against the real engine: the carrier
 * reaches GDial through an own public address (a reverse proxy started here), checked end to end
 * from Inställningar; a template's text is heard in Mallar; a voice drill in which two people
 * press 1 and two stay silent shows exactly the two confirmations, and each person's timeline
 * says what happened step by step; a reply no alert could take is listed on Larm; and when the
 * public address stops answering, Inställningar and the pre-flight say so.
 *
 * The carrier is the Twilio-compatible simulator, started here with a script per number.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startSimulator } from '../main/carriers/simulator';
import type { Simulator } from '../main/carriers/simulator';
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

const ADMIN = { username: 'dagny', displayName: 'Dagny Dahl', password: 'tre-signaler-i-natten' };
const TEMPLATE = 'Brand – samtal';
const GROUP = 'Samtalsgrupp';
// Two press 1, two answer and press nothing. Numbers as the CSV writes them (070-120 00 0n).
const PEOPLE = [
  { name: 'Alva Ek', number: '+46701200001', presses: true },
  { name: 'Bengt Ås', number: '+46701200002', presses: false },
  { name: 'Clara Berg', number: '+46701200003', presses: true },
  { name: 'David Lund', number: '+46701200004', presses: false },
];
const STRANGER = '+46709998877';

/** A reverse proxy on loopback that forwards every request to the engine's webhook receiver. */
interface Proxy {
  url: string;
  /** "METHOD path" of every request it forwarded. */
  seen: string[];
  stop(): Promise<void>;
}

async function startProxy(target: string): Promise<Proxy> {
  const to = new URL(target);
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(
      { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('conversation: public address, voice preview, timelines, unmatched replies', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let proxy: Proxy | null = null;
  let browser: Browser;
  let page: Page;
  let files: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-conversation-'));
    sim = await startSimulator(
      {
        latencyMs: { min: 5, max: 30 },
        ringMs: { min: 50, max: 200 },
        talkMs: { min: 20, max: 60 },
        timeScale: 0.05,
        outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 },
        dtmf: { '': 1 },
        scripts: Object.fromEntries(PEOPLE.map((p) => [p.number, { outcome: 'answer', digits: p.presses ? '1' : '' }])),
      },
      { port: 0 },
    );
    engine = await startAlertEngine(sim);
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors });
  });

  afterAll(async () => {
    await stopAll({ browser, engine });
    await proxy?.stop();
    await stopAll({ sim, files });
  });

  const { h1, nav, text, focused, counter, a11y } = consoleView(() => page);
  const announced = (message: string) => page.getByRole('status').filter({ hasText: message }).waitFor({ state: 'attached' });

  async function openSettings(): Promise<Locator> {
    await nav('Inställningar').click();
    await h1('Inställningar').waitFor();
    const section = page.getByRole('group', { name: 'Publik adress och tunnel' });
    await section.getByTestId('webhook-listening').waitFor();
    return section;
  }

  /** The steps of the open timeline, in the order shown. */
  async function steps(drawer: Locator): Promise<string[]> {
    return drawer.getByTestId('timeline-step').allTextContents();
  }

  it('signs in the first administrator', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
  });

  it('sets an own public address through Inställningar and checks it end to end', async () => {
    const section = await openSettings();
    await expect(section.getByRole('radio', { name: 'Ingen' }).isChecked()).resolves.toBe(true);
    // The receiver's loopback address, as the proxy in front of it needs it.
    const listening = await text(section.getByTestId('webhook-listening'));
    expect(listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/?$/);
    expect(await text(section.getByTestId('webhook-public-url'))).toBe('Ingen');
    proxy = await startProxy(listening);

    await section.getByRole('radio', { name: 'Egen publik adress' }).check();
    const address = section.getByRole('textbox', { name: 'Publik adress' });
    // Not an address: said beside the field, nothing is saved, the field has focus.
    await address.fill('larm.example.se');
    await page.getByRole('button', { name: 'Spara inställningar' }).click();
    await section.getByText('Ange den publika adressen, t.ex. https://larm.example.se.').waitFor();
    await expect(address.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await address.fill(proxy.url);
    await page.getByRole('button', { name: 'Spara inställningar' }).click();
    await page.getByText('Inställningarna är sparade.').waitFor();
    const saved = await openSettings();
    await expect(saved.getByRole('radio', { name: 'Egen publik adress' }).isChecked()).resolves.toBe(true);
    await expect.poll(() => text(saved.getByTestId('webhook-public-url'))).toMatch(new RegExp(`^${proxy.url}/?$`));

    await saved.getByRole('button', { name: 'Kontrollera nu' }).click();
    await announced('Den publika adressen fungerar.');
    expect(await text(saved.getByTestId('webhook-health-text'))).toMatch(/^Fungerar, svarade på \d+ ms \(kontrollerad \d{2}:\d{2}:\d{2} [A-Z][A-Za-z0-9+:−-]*\)/);
    expect(await text(saved.getByTestId('webhook-status-mode'))).toBe('Operatören meddelar GDial direkt (återrop)');
    await expect(saved.getByTestId('press-to-confirm-warning').count()).resolves.toBe(0);
    // The check went out through the proxy and came back to the engine.
    expect(proxy.seen.some((r) => r.startsWith('POST /twilio/health'))).toBe(true);
  });

  it('keeps tokens write-only, validates the SMS sender and shows the voice fields of the chosen engine', async () => {
    const carrier = page.getByRole('group', { name: 'Operatör och Twilio' });
    const token = carrier.getByRole('group', { name: 'Twilio auth-token' });
    expect(await text(token.getByTestId('secret-status-twilioAuthToken'))).toBe('Status: Saknas.');
    // A headless engine has no OS keyring, and the admin is told what that means.
    await token.getByTestId('secret-protection-twilioAuthToken').waitFor();
    const field = token.locator('input[type="password"]');
    await field.fill('0123456789abcdef0123456789abcdef');
    // Enter saves the token, not the whole settings form.
    await field.press('Enter');
    await expect.poll(() => text(token.getByTestId('secret-status-twilioAuthToken'))).toBe('Status: Lagrad i GDial.');
    await expect(field.inputValue()).resolves.toBe('');
    await token.getByRole('button', { name: 'Ta bort' }).click();
    const confirm = page.getByRole('dialog', { name: 'Ta bort Twilio auth-token?' });
    await confirm.getByRole('button', { name: 'Ta bort' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => text(token.getByTestId('secret-status-twilioAuthToken'))).toBe('Status: Saknas.');

    const sender = carrier.getByRole('textbox', { name: 'Sms-avsändare' });
    await sender.fill('Räddningstjänsten');
    await carrier.getByText(/Ange ett nummer med landsnummer .* eller ett namn på högst 11 tecken/).waitFor();
    await sender.fill('GDial');
    await expect(carrier.getByText(/Ange ett nummer med landsnummer/).count()).resolves.toBe(0);

    const speech = page.getByRole('group', { name: 'Tal (TTS)' });
    await speech.getByRole('textbox', { name: 'eSpeak-röst, svenska' }).waitFor();
    await speech.getByRole('combobox', { name: 'Talsyntes' }).selectOption('piper');
    await speech.getByRole('textbox', { name: 'Piper-programmet (sökväg)' }).waitFor();
    await expect(speech.getByRole('textbox', { name: 'eSpeak-röst, svenska' }).count()).resolves.toBe(0);
    expect(await text(speech.getByTestId('tts-help'))).toContain('Installera Piper');
    await speech.getByRole('combobox', { name: 'Talsyntes' }).selectOption('espeak');
    await a11y();
    await screenshot(page, 'settings-public-address.png');
  });

  it('plays a template’s voice text in Mallar, with the text as it is read', async () => {
    await nav('Mallar').click();
    await h1('Mallar').waitFor();
    await page.getByRole('button', { name: 'Ny mall' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny mall' });
    await dialog.getByRole('textbox', { name: 'Namn' }).fill(TEMPLATE);
    await dialog.getByRole('textbox', { name: 'Text för röstsamtal' }).fill('Brand på Storgatan 12 klockan 14:30. Tryck 1 om du kommer.');
    await dialog.getByRole('textbox', { name: 'Sms-text' }).fill('Brand på Storgatan 12. Kom till stationen.');
    await dialog.getByRole('button', { name: /^Lyssna/ }).click();

    const audio = dialog.getByTestId('voice-preview-audio');
    await audio.waitFor({ timeout: 20_000 });
    expect(await audio.getAttribute('src')).toMatch(/^blob:/);
    // The browser can load it (the CSP allows media from blob:) and it lasts.
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => (el.error ? `error ${el.error.code}` : el.readyState >= 1 ? el.duration : 0)))
      .toBeGreaterThan(0.5);
    const spoken = await text(dialog.getByTestId('voice-preview-spoken'));
    expect(spoken).toContain('Storgatan');
    expect(spoken).not.toBe('');
    expect(await text(dialog.getByTestId('voice-preview-voice'))).toMatch(/^(eSpeak NG|Piper|Twilio), \S/);
    expect(await text(dialog.getByTestId('voice-preview-status'))).toMatch(/^Förhandslyssningen är klar \(\d+ (s|min)/);
    await a11y();
    await screenshot(page, 'template-voice-preview.png');
    await dialog.getByRole('button', { name: 'Skapa' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Mallar' }).getByText(TEMPLATE).waitFor();
  });

  it('imports four people into one group', async () => {
    const csv = ['namn;mobil;grupp', ...PEOPLE.map((p, i) => `${p.name};070-120 00 0${i + 1};${GROUP}`)].join('\r\n');
    expect(await importContactsCsv(page, files, csv)).toContain(`Nya: ${PEOPLE.length}.`);
  });

  it('runs a voice drill: only those who pressed 1 are confirmed', async () => {
    await openNewAlert(page);
    await page.getByRole('combobox', { name: 'Mall' }).selectOption({ label: TEMPLATE });
    await chooseGroupByVoice(page, GROUP);
    // One round, so the silent ones end unreached instead of waiting minutes for a second.
    await oneRoundOnly(page);
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('switch', { name: /^Övning/ }).check();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe(String(PEOPLE.length));
    // A healthy public address: nothing to warn about reaching people.
    await expect(page.locator('[data-code="press_to_confirm_unavailable"], [data-code="public_url_unhealthy"]').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Starta övningen' }).click();
    await h1(TEMPLATE).waitFor({ timeout: 15_000 });

    await expect.poll(() => text(page.getByTestId('alert-state').first()), { timeout: 30_000 }).toBe('Klart');
    expect(await counter('confirmed')).toBe('2');
    expect(await counter('unreached')).toBe('2');
    const table = page.getByRole('table', { name: 'Mottagare och senaste händelse' });
    for (const p of PEOPLE) {
      const row = table.locator('tbody tr').filter({ has: page.getByRole('button', { name: p.name, exact: true }) });
      await expect.poll(() => row.getAttribute('data-recipient-state')).toBe(p.presses ? 'confirmed' : 'unreached');
    }
    // The carrier fetched the call's instructions and reported through the public address.
    expect(proxy?.seen.some((r) => /^POST \/twilio\/voice/.test(r))).toBe(true);
  });

  it('shows a confirmed person’s timeline: dialled, answered, pressed 1; focus returns on close', async () => {
    const confirmed = PEOPLE.find((p) => p.presses)!;
    const open = page.getByRole('button', { name: confirmed.name, exact: true });
    await open.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: `Händelser: ${confirmed.name}` });
    await drawer.waitFor();
    const list = drawer.getByRole('list', { name: `Händelser för ${confirmed.name}, äldst först` });
    await list.waitFor();
    const shown = await steps(drawer);
    const at = (step: string) => shown.indexOf(step);
    expect(at('Ringde upp')).toBeGreaterThanOrEqual(0);
    expect(at('Svarade')).toBeGreaterThan(at('Ringde upp'));
    expect(at('Bekräftade med knapptryckning')).toBeGreaterThan(at('Svarade'));
    expect(await drawer.getByTestId('timeline-detail').allTextContents()).toContain('Knapp 1');
    expect(await text(list)).toContain(confirmed.number);
    for (const time of await list.locator('time').allTextContents()) expect(time).toMatch(/^\d{2}:\d{2}:\d{2} [A-Z][A-Za-z0-9+:−-]*$/);
    // Focus stays in the drawer while it is open.
    await expect.poll(() => drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await a11y();
    await screenshot(page, 'recipient-timeline.png');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe(confirmed.name);
  });

  it('shows a silent person’s timeline without a confirmation', async () => {
    const silent = PEOPLE.find((p) => !p.presses)!;
    const table = page.getByRole('table', { name: 'Mottagare och senaste händelse' });
    // A click anywhere on the row opens it too.
    await table.locator('tbody tr').filter({ has: page.getByRole('button', { name: silent.name, exact: true }) }).locator('td').first().click();
    const drawer = page.getByRole('dialog', { name: `Händelser: ${silent.name}` });
    await drawer.getByTestId('timeline-entries').waitFor();
    const shown = await steps(drawer);
    expect(shown).toContain('Ringde upp');
    expect(shown).toContain('Svarade');
    expect(shown).not.toContain('Bekräftade med knapptryckning');
    expect(shown).not.toContain('Avböjde med knapptryckning');
    await drawer.getByRole('button', { name: 'Stäng' }).click();
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe(silent.name);
    await a11y();
    await screenshot(page, 'alert-live-timelines.png');
  });

  it('lists a reply no alert could take on Larm', async () => {
    const inbound = await sim.sendInbound({ from: STRANGER, to: '+46700000000', body: 'JA', url: `${proxy!.url}/twilio/sms/inbound` });
    expect(inbound.httpStatus).toBe(200);
    await page.getByRole('link', { name: 'Alla larm' }).click();
    await h1('Larm').waitFor();
    const replies = page.getByRole('region', { name: 'Svar som inte kunde kopplas' });
    const table = replies.getByRole('table', { name: 'Svar som inte kunde kopplas, nyast först' });
    await table.waitFor();
    const row = table.locator('tbody tr').first();
    expect(await text(row)).toContain(STRANGER);
    expect(await text(row)).toContain('JA');
    expect(await text(row)).toContain('Bekräftelse');
    // Those who pressed 1 during the drill were taken by it: not listed.
    for (const p of PEOPLE) expect(await text(table)).not.toContain(p.number);
    await a11y();
  });

  it('says so in Inställningar and the pre-flight when the public address stops answering', async () => {
    await proxy!.stop();
    const section = await openSettings();
    await section.getByRole('button', { name: 'Kontrollera nu' }).click();
    await announced('Den publika adressen fungerar inte');
    expect(await text(section.getByTestId('webhook-health-text'))).toMatch(/^Fungerar inte: .+ \(kontrollerad \d{2}:\d{2}:\d{2} [A-Z][A-Za-z0-9+:−-]*\)$/);

    await openNewAlert(page);
    await page.getByRole('combobox', { name: 'Mall' }).selectOption({ label: TEMPLATE });
    await chooseGroupByVoice(page, GROUP);
    await page.getByRole('button', { name: 'Nästa' }).click();
    const warning = page.locator('[data-code="public_url_unhealthy"]');
    await warning.waitFor();
    expect(await text(warning)).toMatch(/^Den publika adressen svarar inte \(.+\)\. Knapptryckningar och status kanske inte når GDial\./);
    await page.getByRole('link', { name: 'Till alla larm (utkastet sparas)' }).click();
    await h1('Larm').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
