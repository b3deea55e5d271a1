/**
 * The console against the real engine in Chromium, in the order a new installation lives it:
 * first run (a weak password refused, in Swedish), the shell, language, logout and login, a wrong password, and finally lock-out
 * (last, because it locks the only administrator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleView, openOperatorTab, signIn, signUpFirstAdmin, warnIfNoAxe } from './console-steps';
import { launchBrowser, screenshot, startEngine } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'anna', displayName: 'Anna Admin', password: 'korrekt-häst-batteri' };

describe('operator console', () => {
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    engine = await startEngine({ GDIAL_LOCKOUT_MINUTES: '15', GDIAL_LOG_LEVEL: 'warn' });
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors, viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });

  const { h1, a11y } = consoleView(() => page);
  const field = (name: string) => page.getByRole('textbox', { name, exact: true });

  async function login(username: string, password: string): Promise<void> {
    await signIn(page, { username, password });
  }

  /** A refused sign-in: the engine has answered once the password field is cleared. */
  async function failedLogin(password: string, message: string): Promise<void> {
    await login(ADMIN.username, password);
    await expect.poll(() => field('Lösenord').inputValue()).toBe('');
    await page.getByRole('alert').filter({ hasText: message }).waitFor();
  }

  async function logout(): Promise<void> {
    await page.getByRole('button', { name: /^Användarmeny/ }).click();
    await page.getByRole('menuitem', { name: 'Logga ut' }).click();
    await h1('Logga in').waitFor();
  }

  it('refuses a weak first password and says why in Swedish, as the engine decides', async () => {
    await page.goto(engine.url);
    await h1('Välkommen till GDial').waitFor();
    await field('Användarnamn').fill(ADMIN.username);
    await field('Visningsnamn').fill(ADMIN.displayName);
    // While typing, the engine's verdict shows as a hint under the field.
    await field('Lösenord').fill('lösenord1234');
    await page.getByText('Lösenordet är för lätt att gissa.').first().waitFor();
    await field('Upprepa lösenordet').fill('lösenord1234');
    await page.getByRole('button', { name: 'Skapa administratör' }).click();
    await page.getByRole('alert').filter({ hasText: 'Lösenordet är för lätt att gissa.' }).waitFor();

    await field('Lösenord').fill('Anna-kärnkraft-tumme');
    await field('Upprepa lösenordet').fill('Anna-kärnkraft-tumme');
    await page.getByRole('button', { name: 'Skapa administratör' }).click();
    await page.getByRole('alert').filter({ hasText: 'Lösenordet får inte innehålla användarnamnet.' }).waitFor();
    await screenshot(page, 'first-run-password-refused.png');

    await field('Lösenord').fill('elva tecken');
    await page.getByText('Lösenordet måste ha minst 12 tecken.').first().waitFor();
    // Nothing was created: the first-run screen is still there.
    await expect(h1('Välkommen till GDial').isVisible()).resolves.toBe(true);
  });

  it('creates the first administrator on a new installation and signs them in', async () => {
    await signUpFirstAdmin(page, engine.url, ADMIN);
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    for (const item of ['Översikt', 'Larm', 'Kontakter', 'Grupper', 'Mallar', 'Schema', 'Loggar', 'Inställningar', 'Användare']) {
      await expect(nav.getByRole('link', { name: item }).isVisible()).resolves.toBe(true);
    }
    await expect(nav.getByRole('link', { name: 'Översikt' }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(page.getByRole('status').filter({ hasText: 'Ansluten' }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('system-info').textContent()).resolves.toContain(engine.dataDir);
  });

  it('shows the signed-in shell; saves a screenshot and passes the accessibility check', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Larm' }).click();
    await h1('Larm').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Inga larm än' }).waitFor(); // once the (empty) list has loaded
    await page.getByRole('link', { name: 'Översikt' }).click();
    await page.getByTestId('system-info').waitFor();
    await screenshot(page, 'shell.png');
    expect(pageErrors).toEqual([]);
    await a11y();
  });

  it('switches the language to English and back, remembered for the user', async () => {
    await page.getByRole('radiogroup', { name: 'Språk' }).getByText('English').click();
    await h1('Overview').waitFor();
    await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Alerts' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    // Per user, not per computer: pick Swedish on the login page, and signing in brings English back.
    await page.getByRole('button', { name: /^User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await h1('Log in').waitFor();
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('Svenska').click();
    await h1('Logga in').waitFor();
    await login(ADMIN.username, ADMIN.password);
    await h1('Overview').waitFor();

    await page.getByRole('radiogroup', { name: 'Language' }).getByText('Svenska').click();
    await h1('Översikt').waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('sv');
  });

  it('logs out to the login screen', async () => {
    await logout();
    await expect(page.getByRole('status').filter({ hasText: 'Du har loggats ut.' }).isVisible()).resolves.toBe(true);
    await a11y();
  });

  it('logs in', async () => {
    await login(ADMIN.username, ADMIN.password);
    await h1('Översikt').waitFor();
    await expect(page.getByRole('button', { name: /^Användarmeny/ }).textContent()).resolves.toContain(ADMIN.displayName);
    await logout();
  });

  it('says so when the password is wrong', async () => {
    await failedLogin('inte-rätt-lösenord', 'Fel användarnamn eller lösenord');
    await expect(h1('Logga in').isVisible()).resolves.toBe(true);
  });

  it('locks the account after five failed sign-ins and says until when', async () => {
    // A good sign-in clears the count the previous test left behind.
    await login(ADMIN.username, ADMIN.password);
    await h1('Översikt').waitFor();
    await logout();

    for (let attempt = 1; attempt <= 4; attempt++) {
      await failedLogin(`fel-lösenord-${attempt}`, 'Fel användarnamn eller lösenord');
    }
    // The fifth failure locks the account and says so at once.
    await failedLogin('fel-lösenord-5', 'Kontot är låst till');
    // Now even the right password is refused, with the time the lock ends.
    await failedLogin(ADMIN.password, 'Kontot är låst till');
    const locked = page.getByRole('alert').filter({ hasText: 'Kontot är låst till' });
    expect(await locked.textContent()).toMatch(/\d{1,2}:\d{2}/);
    await expect(h1('Logga in').isVisible()).resolves.toBe(true);
  });
});
