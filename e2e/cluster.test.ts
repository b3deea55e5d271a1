/**
 * The console follows a takeover, in Chromium against two real engine processes on one
 * PostgreSQL database: the console is connected to the standby, the leader is killed with
 * SIGKILL mid-alert, and the console (without a reload) shows its own engine leading, announces
 * the takeover and keeps showing the alert's live progress to its end. The carrier is one
 * simulator in this process, outliving both engines, as one Twilio account would: the new
 * leader resolves the dead one's calls against it. Both engines give the carrier one public
 * URL, a proxy in this process that forwards to whichever engine answers (as a load balancer
 * with health checks would), so the calls the dead leader placed still fetch their TwiML and
 * report their key presses. On SQLite (one engine) the header says nothing of a cluster.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../main/carriers/simulator';
import { bytesSource, uploadImportFile } from '../main/contacts/upload-file';
import type { Store } from '../main/db/store';
import type { ClusterStatus } from '../main/contract';
import { ADMIN, adminCall, openClusterDatabase, startClusterEngine, waitForLeader, type ClusterEngine } from '../main/test-support/cluster-fixture';
import { createTestPgDatabase } from '../main/test-support/pg-server';
import { wsClient, type WsTestClient } from '../main/test-support/ws-client';
import { consoleView, openOperatorTab, signIn, startAlertEngine, stopAll, text, warnIfNoAxe } from './console-steps';
import { freePort, launchBrowser, screenshot, type RunningEngine } from './harness';

const PEOPLE = 16;
const SIGN_IN = { username: ADMIN.GDIAL_ADMIN_USER, password: ADMIN.GDIAL_ADMIN_PASSWORD };
/** Slow enough that the alert is still running when the leader dies: about one person a second. */
const ENGINE_ENV = {
  GDIAL_CALLS_PER_SECOND: '2',
  GDIAL_MAX_CONCURRENT_CALLS: '2',
  GDIAL_STATUS_POLL_SECONDS: '1',
  // The new leader waits the carrier's timeout (+5 s) before resolving what was in flight.
  GDIAL_CARRIER_TIMEOUT_SECONDS: '2',
};

/** Everyone answers after a second or two and presses 1. */
function startSlowConfirmingSimulator(): Promise<Simulator> {
  return startSimulator(
    {
      latencyMs: { min: 5, max: 30 },
      ringMs: { min: 1_000, max: 2_000 },
      talkMs: { min: 20, max: 60 },
      timeScale: 0.05,
      outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 },
      dtmf: { '1': 1 },
    },
    { port: 0 },
  );
}

/**
 * The carrier's way in: every request goes to the first engine that accepts the connection
 * (ports in order), the next one when it refuses, as a load balancer in front of several does.
 */
async function startFailoverProxy(ports: number[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => forward(0));
    function forward(i: number): void {
      const port = ports[i];
      if (port === undefined) {
        res.writeHead(502).end();
        return;
      }
      const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => (res.headersSent ? res.destroy() : forward(i + 1)));
      upstream.end(Buffer.concat(body));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const pgServerUrl = inject('pgServerUrl');

describe.runIf(pgServerUrl)('the console follows a takeover (two engines on PostgreSQL)', () => {
  let sim: Simulator;
  let proxy: { url: string; close(): Promise<void> };
  let database: { url: string; drop(): Promise<void> };
  let db: Store;
  let engines: ClusterEngine[] = [];
  let leader: ClusterEngine;
  let standby: ClusterEngine;
  let browser: Browser;
  let page: Page;
  let rpc: WsTestClient;
  let alertId = 0;
  const pageErrors: string[] = [];
  const { a11y } = consoleView(() => page);

  beforeAll(async () => {
    warnIfNoAxe();
    sim = await startSlowConfirmingSimulator();
    database = await createTestPgDatabase(pgServerUrl!);
    db = await openClusterDatabase(database.url);
    const webhookPorts = [await freePort(), await freePort()];
    proxy = await startFailoverProxy(webhookPorts);
    const env = { ...ENGINE_ENV, GDIAL_SIMULATOR_URL: sim.url, GDIAL_PUBLIC_URL: proxy.url };
    engines = await Promise.all(
      ['ledning-1', 'ledning-2'].map((name, i) => startClusterEngine(name, database.url, { ...env, GDIAL_WEBHOOK_PORT: String(webhookPorts[i]) })),
    );
    const leading = await waitForLeader(db, { timeoutMs: 20_000 });
    leader = engines.find((e) => e.name === leading.name)!;
    standby = engines.find((e) => e.name !== leading.name)!;
    // Both engines see each other before the console looks (heartbeats every 2 s).
    const until = Date.now() + 15_000;
    while ((await adminCall<ClusterStatus>(standby.url, 'system.cluster')).nodes.length < 2) {
      if (Date.now() > until) throw new Error('the standby never listed both engines');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    browser = await launchBrowser();
    page = await openOperatorTab(browser, { errors: pageErrors });
  }, 90_000);

  afterAll(async () => {
    rpc?.ws.close();
    await browser?.close();
    await Promise.all(engines.map((e) => e.kill9()));
    await db?.close();
    await database?.drop();
    await proxy?.close();
    await sim?.stop();
  });

  async function call<T>(method: string, input: unknown = {}): Promise<T> {
    const result = await rpc.call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  }

  /** The board's rows as the console shows them now. */
  const rowStates = () => page.locator('tr[data-recipient-state]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-recipient-state') ?? ''));
  const confirmedOnScreen = async () => (await rowStates()).filter((s) => s === 'confirmed').length;

  it('on the standby, the header names the leader and Driftläge lists both workstations', async () => {
    await page.goto(standby.url);
    await signIn(page, SIGN_IN);
    await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
    const role = page.getByTestId('cluster-role');
    await expect.poll(() => text(role)).toContain(`Reserv · leds av ${leader.name}`);
    expect(await role.getAttribute('data-role')).toBe('standby');

    const table = page.getByRole('table', { name: 'Arbetsstationer' });
    await table.waitFor({ timeout: 20_000 });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
    const own = table.getByRole('row', { name: new RegExp(`${standby.name} \\(den här\\)`) });
    expect(await text(own.getByRole('cell').first())).toBe('Reserv');
    const other = table.getByRole('row', { name: new RegExp(`^${leader.name}\\b`) });
    expect(await text(other.getByRole('cell').first())).toBe('Leder');
    expect(await text(page.getByTestId('last-takeover'))).toBe('Inget övertagande sedan den här arbetsstationen startade.');
    await screenshot(page, 'cluster-overview.png');
    await a11y();
  });

  it('launches an alert on the standby, which the leader dispatches while the console watches', async () => {
    rpc = await wsClient(standby.url);
    await call('auth.login', SIGN_IN);
    const csv = ['namn,mobil', ...Array.from({ length: PEOPLE }, (_, i) => `Person ${i + 1},0703${String(i).padStart(6, '0')}`)].join('\n');
    const uploadId = await uploadImportFile((method, input) => call(method, input), bytesSource('styrka.csv', csv));
    const report = await call<{ importId: string; totals: { new: number } }>('contacts.importPreview', { uploadId, targetGroup: 'Styrka', rowLimit: 5 });
    expect(report.totals.new).toBe(PEOPLE);
    await call('contacts.importCommit', { importId: report.importId });
    const groupId = (await call<Array<{ id: number; name: string }>>('groups.list')).find((g) => g.name === 'Styrka')!.id;
    const alert = await call<{ id: number }>('alerts.launch', {
      launchKey: 'cluster-e2e',
      // One round, one attempt each: the alert ends once everyone is confirmed or unreached.
      draft: { title: 'Brand i Åby', voiceText: 'Brand i Åby. Tryck 1 om du kommer.', channels: ['voice'], groupIds: [groupId], drill: true, policy: { cycles: 1, attemptsPerNumber: 1 } },
    });
    alertId = alert.id;
    await page.goto(`${standby.url}/#/larm?larm=${alertId}`);
    await page.getByTestId('recipient-table').waitFor();
    await expect.poll(confirmedOnScreen, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    expect(await confirmedOnScreen()).toBeLessThan(PEOPLE - 4);
  });

  it('after kill -9 of the leader, the console shows its engine leading, announces it and follows the alert to its end', async () => {
    const killedAt = Date.now();
    await leader.kill9();
    const confirmedAtKill = await confirmedOnScreen();

    const role = page.getByTestId('cluster-role');
    await expect.poll(() => role.getAttribute('data-role'), { timeout: 20_000 }).toBe('leader');
    expect(await text(role)).toContain(`Leder · ${standby.name}`);
    const takeoverSeconds = (Date.now() - killedAt) / 1000;

    const notice = page.getByTestId('takeover-notice');
    await notice.waitFor();
    expect(await text(notice)).toContain(`${standby.name} har tagit över ledningen från ${leader.name} kl. `);
    // Said once by the polite live region too, not only shown.
    const spoken = page.getByRole('status').filter({ hasText: 'har tagit över ledningen' });
    expect(await spoken.count()).toBe(1);

    // Live progress goes on without a reload: more people confirm, and the alert ends.
    await expect.poll(confirmedOnScreen, { timeout: 60_000, interval: 250 }).toBeGreaterThan(confirmedAtKill);
    await expect.poll(() => text(page.getByTestId('alert-state').first()), { timeout: 90_000, interval: 250 }).toBe('Klart');
    const states = await rowStates();
    expect(states).toHaveLength(PEOPLE);
    // Nobody dropped: the calls the dead leader placed reached the survivor through the proxy.
    expect(states.every((s) => s === 'confirmed')).toBe(true);
    await screenshot(page, 'cluster-takeover.png');
    await a11y();
    console.info(`takeover shown in the console ${takeoverSeconds.toFixed(1)} s after kill -9; ${confirmedAtKill} of ${PEOPLE} confirmed then`);

    // Nobody was called twice across the handover (one round, one attempt each).
    const twice = Array.from({ length: PEOPLE }, (_, i) => `+46703${String(i).padStart(6, '0')}`).filter((n) => sim.createsTo(n) > 1);
    expect(twice).toEqual([]);
  });

  it('Driftläge shows this workstation leading and the takeover; the notice can be dismissed', async () => {
    await page.getByRole('button', { name: 'Stäng meddelandet om övertagandet' }).click();
    await page.getByTestId('takeover-notice').waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt' }).click();
    const table = page.getByRole('table', { name: 'Arbetsstationer' });
    await table.waitFor({ timeout: 20_000 });
    const own = table.getByRole('row', { name: new RegExp(`${standby.name} \\(den här\\)`) });
    expect(await text(own.getByRole('cell').first())).toBe('Leder');
    expect(await text(page.getByTestId('last-takeover'))).toMatch(new RegExp(`^Senaste övertagande: ${standby.name} tog över ledningen från ${leader.name} \\d{4}-\\d{2}-\\d{2} `));
    await a11y();
    expect(pageErrors).toEqual([]);
  });
});

const adminCallOn = (url: string) => adminCall<ClusterStatus>(url, 'system.cluster');

describe('one engine on SQLite', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;

  afterAll(() => stopAll({ browser, engine, sim }));

  it('shows no cluster in the header nor in Driftläge', async () => {
    sim = await startSlowConfirmingSimulator();
    engine = await startAlertEngine(sim, { ...ADMIN });
    browser = await launchBrowser();
    const page = await openOperatorTab(browser);
    await page.goto(engine.url);
    await signIn(page, SIGN_IN);
    await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
    await page.getByTestId('overview-health').waitFor({ timeout: 20_000 });
    // The engine's answer is in (multiple: false): then nothing appears, not even later.
    expect((await adminCallOn(engine.url)).multiple).toBe(false);
    for (let i = 0; i < 6; i++) {
      expect(await page.getByTestId('cluster-role').count()).toBe(0);
      expect(await page.getByTestId('workstations').count()).toBe(0);
      await page.waitForTimeout(250);
    }
    expect(await text(page.getByTestId('connection-status'))).toBe('Ansluten');
  });
});
