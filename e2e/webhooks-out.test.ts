/**
 * Webhooks ut in Chromium against the real engine: an administrator subscribes a receiver (a real
 * HTTP server on loopback that checks every request with the `standardwebhooks` library), sees
 * the signing secret once, sends a test that arrives signed and shows as delivered, sees a failed
 * attempt waiting for its retry, pauses the subscription and deletes it after a confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startReceiver, type Receiver } from '../main/test-support/webhook-receiver';
import { consoleView, expectAccessible, openOperatorTab, signUpFirstAdmin, stopAll, warnIfNoAxe } from './console-steps';
import { launchBrowser, screenshot, startEngine, type RunningEngine } from './harness';

const ADMIN = { username: 'webhook-admin', displayName: 'Wera Webhook', password: 'krokar-som-skickar-ut-42' };

describe('outgoing webhooks in the console', () => {
  let engine: RunningEngine;
  let browser: Browser;
  let page: Page;
  let receiver: Receiver;
  const pageErrors: string[] = [];
  const view = consoleView(() => page);
  let secret = '';

  beforeAll(async () => {
    warnIfNoAxe();
    receiver = await startReceiver();
    engine = await startEngine({ GDIAL_LOG_LEVEL: 'warn' });
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors });
    await signUpFirstAdmin(page, engine.url, ADMIN);
  });
  afterAll(async () => {
    await stopAll({ browser, engine });
    await receiver.close();
  });

  const table = () => page.getByRole('table', { name: 'Prenumerationer på webhooks ut' });
  const row = () => table().getByRole('row', { name: /Ärendesystemet/ }).first();

  it('creates a subscription whose signing secret is shown once', async () => {
    await view.nav('Integrationer').click();
    await view.h1('Integrationer').waitFor();
    await page.getByRole('tab', { name: 'Webhooks ut' }).click();
    await page.getByText('Inga prenumerationer ännu.').waitFor();
    await page.getByRole('button', { name: 'Ny prenumeration' }).click();
    const form = page.getByRole('dialog', { name: 'Ny prenumeration' });
    await form.getByRole('textbox', { name: 'Namn' }).fill('Ärendesystemet');
    await form.getByRole('textbox', { name: 'Adress (URL)' }).fill(`${receiver.url}/gdial`);
    await form.getByRole('checkbox', { name: 'Mottagare bekräftade' }).check();
    await form.getByRole('combobox', { name: 'Larm' }).selectOption('live');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Skapa prenumeration' }).click();

    const shown = page.getByRole('dialog', { name: 'Prenumerationen Ärendesystemet är skapad' });
    await shown.waitFor();
    await expect.poll(() => shown.textContent()).toContain('Signeringsnyckeln visas bara en gång.');
    secret = await shown.getByRole('textbox', { name: 'Signeringsnyckel' }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    receiver.secrets.set('/gdial', secret);
    await expectAccessible(page);
    await shown.getByRole('button', { name: 'Jag har sparat nyckeln' }).click();
    await shown.waitFor({ state: 'detached' });

    await expect.poll(async () => (await row().textContent()) ?? '').toContain('Endast skarpa larm');
    const text = (await row().textContent()) ?? '';
    expect(text).toContain('Larm startat');
    expect(text).toContain('Mottagare bekräftade');
    expect(text).toContain('Aktiv');
    expect(await page.content()).not.toContain(secret);
  });

  it('sends a signed test message and shows it delivered', async () => {
    await row().getByRole('button', { name: 'Skicka test' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    expect(receiver.received[0]).toMatchObject({ path: '/gdial', verified: true, status: 200, body: { type: 'test', data: { subscription: { name: 'Ärendesystemet' } } } });
    // The first data row (the header row names a column "Levererat" too).
    const delivery = page.getByRole('table', { name: 'Leveranser till Ärendesystemet' }).getByRole('row').nth(1);
    await expect.poll(async () => (await delivery.textContent()) ?? '', { timeout: 15_000 }).toContain('HTTP 200');
    const text = (await delivery.textContent()) ?? '';
    expect(text).toContain('Levererat');
    expect(text).toContain('Testmeddelande');
    expect(text).toContain(receiver.received[0]!.id);
    await expectAccessible(page);
  });

  it('shows a refused message waiting for its retry, with the answer it got', async () => {
    receiver.respond = () => 500;
    await row().getByRole('button', { name: 'Skicka test' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    const deliveries = page.getByRole('table', { name: 'Leveranser till Ärendesystemet' });
    const newest = deliveries.getByRole('row').nth(1);
    await expect.poll(async () => (await newest.textContent()) ?? '', { timeout: 15_000 }).toContain('HTTP 500');
    expect(await newest.textContent()).toContain('Väntar');
    await expect.poll(async () => (await row().textContent()) ?? '', { timeout: 15_000 }).toContain('1 väntar');
    await screenshot(page, 'webhooks-out.png');
  });

  it('pauses the subscription, and deletes it after a confirmation', async () => {
    await page.getByRole('button', { name: 'Ändra Ärendesystemet' }).click();
    const form = page.getByRole('dialog', { name: 'Ändra prenumerationen Ärendesystemet' });
    await form.getByRole('switch', { name: 'Aktiv' }).uncheck();
    await form.getByRole('button', { name: 'Spara' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(async () => (await row().textContent()) ?? '').toContain('Pausad');

    await page.getByRole('button', { name: 'Ta bort Ärendesystemet' }).click();
    const confirm = page.getByRole('dialog', { name: 'Ta bort prenumerationen Ärendesystemet?' });
    await confirm.getByRole('button', { name: 'Ta bort prenumerationen' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('Inga prenumerationer ännu.').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
