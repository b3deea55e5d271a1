/**
 * The steps the console's end-to-end tests share: a Swedish operator's browser tab, finders for
 * the console's landmarks, the accessibility check, first run and sign-in, users, the contacts
 * import wizard and the alert wizard. Each test keeps its own assertions; only the mechanics are here.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Simulator } from '../main/carriers/simulator';
import { axeScriptPath, seriousA11yViolations, startEngine } from './harness';
import type { E2eDatabase, RunningEngine } from './harness';

const axe = axeScriptPath();

export interface Person {
  username: string;
  displayName: string;
  password: string;
}

/** Said once, before a file's tests, when the accessibility assertions will be skipped. */
export function warnIfNoAxe(): void {
  if (!axe) console.warn('axe-core is not installed: the accessibility assertions are skipped.');
}

/** The engine for alert tests: quiet logs, `sim` as the carrier, 20 calls a second, 50 at once; `env` adds to it. */
export function startAlertEngine(sim: Simulator, env: Record<string, string> = {}, database: E2eDatabase = 'sqlite'): Promise<RunningEngine> {
  return startEngine(
    {
      GDIAL_LOG_LEVEL: 'warn',
      GDIAL_SIMULATOR_URL: sim.url,
      GDIAL_CALLS_PER_SECOND: '20',
      GDIAL_MAX_CONCURRENT_CALLS: '50',
      ...env,
    },
    database,
  );
}

export interface TabOptions extends BrowserContextOptions {
  /** Collects what the page throws or logs as an error. */
  errors?: string[];
  /** For every step; 10 s unless said. */
  timeout?: number;
}

/** A Swedish operator's tab in a new context: 1280×900, light, unless `options` say otherwise. */
export async function openOperatorTab(browser: Browser, { errors, timeout = 10_000, ...options }: TabOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', colorScheme: 'light', ...options });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  if (errors) {
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  }
  return page;
}

/** Stops what a file started, browser first, and removes its folder; what never started is passed over. */
export async function stopAll(started: { browser?: Browser; engine?: RunningEngine; sim?: Simulator; files?: string }): Promise<void> {
  await started.browser?.close();
  await started.engine?.stop();
  await started.sim?.stop();
  if (started.files) rmSync(started.files, { recursive: true, force: true });
}

export const text = (locator: Locator): Promise<string> => locator.textContent().then((s) => s ?? '');

/** No serious or critical WCAG 2.1 A/AA violation on the page (skipped without axe-core). */
export async function expectAccessible(page: Page): Promise<void> {
  if (axe) expect(await seriousA11yViolations(page, axe)).toEqual([]);
}

/**
 * Finders and checks on a file's page. `page` is read each time one runs, so they can be made
 * before beforeAll opens it.
 */
export function consoleView(page: () => Page) {
  return {
    h1: (name: string) => page().getByRole('heading', { level: 1, name }),
    nav: (name: string) => mainMenuLink(page(), name),
    text,
    /** The text of the element that has focus. */
    focused: () => page().evaluate(() => document.activeElement?.textContent ?? ''),
    /** A live view's counter (confirmed, queued, …). */
    counter: (name: string) => text(page().getByTestId(`counter-${name}`)),
    a11y: () => expectAccessible(page()),
  };
}

function mainMenuLink(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name });
}

/** The first-run screen: the first administrator, signed in at once. */
export async function signUpFirstAdmin(page: Page, url: string, admin: Person): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Välkommen till GDial' }).waitFor();
  await page.getByRole('textbox', { name: 'Användarnamn', exact: true }).fill(admin.username);
  await page.getByRole('textbox', { name: 'Visningsnamn', exact: true }).fill(admin.displayName);
  await page.getByRole('textbox', { name: 'Lösenord', exact: true }).fill(admin.password);
  await page.getByRole('textbox', { name: 'Upprepa lösenordet', exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Skapa administratör' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
}

/** The sign-in form, filled and sent; what follows is the test's to check. */
export async function signIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.getByRole('textbox', { name: 'Användarnamn', exact: true }).fill(user.username);
  await page.getByRole('textbox', { name: 'Lösenord', exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
}

/** A second operator, created by the signed-in administrator on Användare. */
export async function createOperator(page: Page, user: Person): Promise<void> {
  await mainMenuLink(page, 'Användare').click();
  await page.getByRole('heading', { level: 1, name: 'Användare' }).waitFor();
  await page.getByRole('button', { name: 'Ny användare' }).click();
  const form = page.getByRole('dialog', { name: 'Ny användare' });
  await form.getByRole('textbox', { name: 'Användarnamn', exact: true }).fill(user.username);
  await form.getByRole('textbox', { name: 'Visningsnamn', exact: true }).fill(user.displayName);
  await form.getByRole('combobox', { name: 'Roll' }).selectOption('operator');
  await form.getByRole('textbox', { name: 'Lösenord', exact: true }).fill(user.password);
  await form.getByRole('textbox', { name: 'Upprepa lösenordet', exact: true }).fill(user.password);
  await form.getByRole('button', { name: 'Skapa' }).click();
  await form.waitFor({ state: 'detached' });
}

/** The contacts import wizard, start to finish, with a CSV written to `dir`; returns the result text. */
export async function importContactsCsv(page: Page, dir: string, csv: string): Promise<string> {
  await mainMenuLink(page, 'Kontakter').click();
  await page.getByRole('heading', { level: 1, name: 'Kontakter' }).waitFor();
  await page.getByRole('button', { name: 'Importera' }).click();
  const wizard = page.getByRole('dialog', { name: 'Importera kontakter' });
  const file = path.join(dir, 'larmgrupper.csv');
  writeFileSync(file, csv, 'utf8');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), wizard.getByRole('button', { name: 'Välj fil' }).click()]);
  await chooser.setFiles(file);
  await wizard.getByRole('button', { name: 'Läs filen' }).click();
  await wizard.getByRole('heading', { name: 'Kontrollera kolumnerna' }).waitFor();
  await wizard.getByRole('button', { name: 'Nästa' }).click();
  await wizard.getByRole('heading', { name: 'Granska raderna' }).waitFor();
  await wizard.getByRole('button', { name: 'Nästa' }).click();
  await wizard.getByRole('button', { name: 'Importera' }).click();
  await wizard.getByTestId('import-result').waitFor();
  const result = (await wizard.getByTestId('import-result').textContent()) ?? '';
  await wizard.getByRole('button', { name: 'Stäng', exact: true }).last().click();
  await wizard.waitFor({ state: 'detached' });
  return result;
}

/** Larm → Nytt larm: the alert wizard at its first step. */
export async function openNewAlert(page: Page): Promise<void> {
  await mainMenuLink(page, 'Larm').click();
  await page.getByRole('heading', { level: 1, name: 'Larm' }).waitFor();
  await page.getByRole('link', { name: 'Nytt larm' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nytt larm' }).waitFor();
}

/** From the wizard's first step to its third: one group, by name, called by voice only. */
export async function chooseGroupByVoice(page: Page, group: string): Promise<void> {
  await page.getByRole('button', { name: 'Nästa' }).click();
  await page.getByRole('heading', { level: 2, name: 'Mottagare' }).waitFor();
  await page.getByRole('checkbox', { name: group, exact: true }).check();
  await page.getByRole('button', { name: 'Nästa' }).click();
  await page.getByRole('heading', { level: 2, name: 'Kanaler och eskalering' }).waitFor();
  await page.getByRole('radio', { name: 'Röstsamtal', exact: true }).check();
}

/** On the wizard's third step: a single round, so those who do not confirm end unreached at once. */
export async function oneRoundOnly(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Avancerade inställningar' }).click();
  await page.getByRole('textbox', { name: 'Omgångar', exact: true }).fill('1');
}

/** In the schedule form: the alert it launches, a drill to one group by voice. */
export async function scheduleVoiceDrill(page: Page, drill: { title: string; voice: string; group: string }): Promise<void> {
  await page.getByRole('switch', { name: /^Övning/ }).check();
  await page.getByRole('textbox', { name: 'Rubrik' }).fill(drill.title);
  await page.getByRole('textbox', { name: 'Text för röstsamtal' }).fill(drill.voice);
  await page.getByRole('checkbox', { name: drill.group, exact: true }).check();
  await page.getByRole('radio', { name: 'Röstsamtal', exact: true }).check();
}
