/**
 * The live view as a status board, in Chromium at 1280×720 against the real engine: at least
 * eight people are on screen without scrolling, grouped with counts, and two consoles watching
 * the same alert both follow every row without a reload: after a cancel, after a burn and after
 * a quorum stand-down nobody is left "Väntar" or "Köad". Alerts are launched over the
 * WebSocket (the wizard has its own tests); cancel and burn are pressed in the consoles.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Simulator } from '../main/carriers/simulator';
import { wsClient, type WsTestClient } from '../main/test-support/ws-client';
import { groupsCsv, startConfirmingSimulator } from './alert-fixture';
import { consoleView, importContactsCsv, openOperatorTab, signIn, signUpFirstAdmin, startAlertEngine, stopAll, text, warnIfNoAxe } from './console-steps';
import { launchBrowser, screenshot } from './harness';
import type { RunningEngine } from './harness';

const ADMIN = { username: 'disa', displayName: 'Disa Dygnet', password: 'nattpass-i-tornet' };
const OPERATOR = { username: 'erik', displayName: 'Erik Jour', password: 'andra-skiftet-kommer' };
const PEOPLE = 12;
const VIEWPORT = { width: 1280, height: 720 };
const LONG_RING = { ringMs: { min: 120_000, max: 120_000 } };

describe('the live status board', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let first: Page;
  let second: Page;
  let files: string;
  let rpc: WsTestClient;
  let operator: WsTestClient;
  let groupId = 0;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-board-'));
    sim = await startConfirmingSimulator();
    // Calls ring for minutes: while three ring, the rest wait in the queue.
    sim.configure(LONG_RING);
    engine = await startAlertEngine(sim, { GDIAL_CALLS_PER_SECOND: '5', GDIAL_MAX_CONCURRENT_CALLS: '3' });
    browser = await launchBrowser();
    first = await openOperatorTab(browser, { errors: pageErrors, viewport: VIEWPORT });
    second = await openOperatorTab(browser, { errors: pageErrors, viewport: VIEWPORT });
  });

  afterAll(async () => {
    rpc?.ws.close();
    operator?.ws.close();
    await stopAll({ browser, engine, sim, files });
  });

  const { a11y } = consoleView(() => first);

  async function call<T>(client: WsTestClient, method: string, input: unknown = {}): Promise<T> {
    const result = await client.call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  }

  async function launch(key: string, extra: Record<string, unknown> = {}): Promise<number> {
    const alert = await call<{ id: number }>(rpc, 'alerts.launch', {
      launchKey: `live-board-${key}`,
      draft: { title: `Tavla ${key}`, voiceText: 'Brand i Åby. Tryck 1 om du kommer.', channels: ['voice'], groupIds: [groupId], drill: true, ...extra },
    });
    return alert.id;
  }

  /** Both consoles open the alert's live view (a real navigation, the way a link gets there). */
  async function watch(id: number): Promise<void> {
    for (const page of [first, second]) {
      await page.goto(`${engine.url}/#/larm?larm=${id}`);
      await page.getByTestId('recipient-table').waitFor();
    }
  }

  /** Every row in this console, as the board shows it now. */
  const rowsOf = (page: Page) =>
    page.locator('tr[data-recipient-state]').evaluateAll((rows) => rows.map((r) => ({ state: r.getAttribute('data-recipient-state'), attempt: r.getAttribute('data-attempt-state') })));

  /** No row in either console still says Väntar or Köad: each shows its new state, without a reload. */
  async function expectNoStaleRows(expected: (states: string[]) => boolean): Promise<void> {
    for (const page of [first, second]) {
      await expect
        .poll(async () => {
          const rows = await rowsOf(page);
          return rows.length === PEOPLE && rows.every((r) => r.state !== 'pending' && r.attempt !== 'queued') && expected(rows.map((r) => r.state!));
        }, { timeout: 20_000 })
        .toBe(true);
    }
  }

  it('sets up a crew of twelve and a second signed-in console', async () => {
    await signUpFirstAdmin(first, engine.url, ADMIN);
    expect(await importContactsCsv(first, files, groupsCsv([], PEOPLE))).toContain(`Nya: ${PEOPLE}.`);
    rpc = await wsClient(engine.url);
    await call(rpc, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    await call(rpc, 'users.create', { ...OPERATOR, role: 'operator' });
    groupId = (await call<Array<{ id: number; name: string }>>(rpc, 'groups.list')).find((g) => g.name === 'Reservstyrka')!.id;
    await second.goto(engine.url);
    await signIn(second, ADMIN);
    await second.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  });

  it('shows at least eight people without scrolling at 1280×720, grouped with counts, with a clock', async () => {
    const id = await launch('avbryt');
    await watch(id);
    await expect.poll(() => text(first.getByTestId('counter-ringing')), { timeout: 30_000 }).not.toBe('0');
    expect(Number(await text(first.getByTestId('counter-queued')))).toBeGreaterThan(0);
    expect(await text(first.getByTestId('counter-pending'))).toBe(String(PEOPLE));
    await screenshot(first, 'live-board.png');
    const visible = await first.evaluate(() => {
      const rows = [...document.querySelectorAll('tr[data-recipient-state]')];
      return {
        scrolled: (document.scrollingElement?.scrollTop ?? 0) > 0,
        onScreen: rows.filter((r) => {
          const box = r.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }).length,
      };
    });
    expect(visible.scrolled).toBe(false);
    expect(visible.onScreen).toBeGreaterThanOrEqual(8);
    // The clock runs: a timer, not a live region that would speak every second.
    const clock = first.getByTestId('elapsed-clock');
    expect(await clock.getAttribute('role')).toBe('timer');
    await expect.poll(() => text(clock), { timeout: 5_000 }).not.toBe('00:00');
    // "Förstör nu" is below the people, not at the top.
    const burnButton = await first.getByRole('button', { name: 'Förstör nu' }).boundingBox();
    const table = await first.getByTestId('recipient-table').boundingBox();
    expect(burnButton!.y).toBeGreaterThan(table!.y + table!.height);
    await a11y();
  });

  it('after a cancel in one console, every row in both shows Avbruten', async () => {
    await first.getByRole('button', { name: 'Avbryt larm' }).click();
    const dialog = first.getByRole('dialog', { name: 'Avbryt larmet?' });
    await dialog.getByRole('button', { name: 'Avbryt larmet' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectNoStaleRows((states) => states.every((s) => s === 'canceled'));
    for (const page of [first, second]) {
      await expect.poll(() => text(page.getByTestId('alert-state').first())).toBe('Avbrutet');
      expect(await text(page.getByTestId('counter-canceled'))).toBe(String(PEOPLE));
    }
    await a11y();
  });

  it('after "Förstör nu" in the other console, both show every row stopped and the text gone', async () => {
    const id = await launch('förstör', { burn: { after: 'time', minutes: 600 } });
    await watch(id);
    await expect.poll(() => text(second.getByTestId('counter-ringing')), { timeout: 30_000 }).not.toBe('0');
    await second.getByRole('button', { name: 'Förstör nu' }).click();
    const dialog = second.getByRole('dialog', { name: 'Förstör meddelandet nu?' });
    await dialog.getByRole('button', { name: 'Förstör meddelandet' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectNoStaleRows((states) => states.every((s) => s === 'canceled'));
    // The console that did not press it learns of the burn too.
    for (const page of [first, second]) await page.getByTestId('burned-notice').waitFor();
    await a11y();
  });

  it('after a quorum stand-down, both consoles show who confirmed and everyone else stood down', async () => {
    // Held for a second person's approval, so both consoles watch from before the first call.
    await call(rpc, 'settings.update', { approvalThreshold: 5 });
    sim.configure({ ringMs: { min: 100, max: 300 }, dtmf: { '1': 1 } });
    const id = await launch('kvorum', { drill: false, policy: { quorum: 1 } });
    await watch(id);
    await expect.poll(() => text(first.getByTestId('alert-state').first())).toBe('Väntar på godkännande');
    operator = await wsClient(engine.url);
    await call(operator, 'auth.login', { username: OPERATOR.username, password: OPERATOR.password });
    await call(operator, 'alerts.approve', { id });
    await expectNoStaleRows((states) => states.includes('confirmed') && states.every((s) => s === 'confirmed' || s === 'canceled'));
    for (const page of [first, second]) {
      const confirmed = Number(await text(page.getByTestId('counter-confirmed')));
      expect(confirmed).toBeGreaterThanOrEqual(1);
      expect(Number(await text(page.getByTestId('counter-canceled')))).toBe(PEOPLE - confirmed);
    }
    await a11y();
    expect(pageErrors).toEqual([]);
  });
});
