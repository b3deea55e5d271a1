/**
 * Inbound alarms, the way a control room lives them: an administrator makes a template with its
 * recipients, a rule for inbound alarms in the console and an API key; an alarm receiver POSTs a
 * CAP 1.2 alert over real HTTP with the key; the operator's console shows "Inkommande larm" on
 * every page with a chime and an announcement, and on Översikt; Öppna lands in the pre-flight
 * with the template's recipients, the countdown launches it, the alert runs on the simulator to
 * its end and the proposal is marked launched. A second alarm's alert is still ringing when the
 * source sends Cancel: the console asks "stoppa larmet?" and Stoppa stops it. A JSON alarm is
 * dismissed from Föreslagna larm; bad XML is a 4xx that shows nothing; a heartbeat shows the source
 * (and Glöm källan forgets it);
 * a rule whose template has no recipients opens the wizard at Mottagare; a viewer only looks.
 * When a colleague launches a proposal the operator has open in the wizard, the wizard says so at
 * once with a link to that alert, keeps the operator's draft, and the engine refuses a second launch.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../main/carriers/simulator';
import { wsClient, type WsTestClient } from '../main/test-support/ws-client';
import { groupsCsv, startConfirmingSimulator } from './alert-fixture';
import {
  consoleView,
  createOperator,
  expectAccessible,
  importContactsCsv,
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
const VIEWER = { username: 'vakten', displayName: 'Vera Vakt', password: 'gul-kanot-midsommar-9' };
const CREW = ['Anna Andersson', 'Bo Berg', 'Cilla Carlsson'];
const TEMPLATE = 'Brand – Insatsstyrka';
const RULE = 'Brandlarm från larmcentralen';
const KEY = 'Larmcentral Syd';
const SENDER = 'larmcentral@raddning.exempel.se';
const EVENT = 'Brand i byggnad';
const FIRST = 'Automatiskt brandlarm – Åby skola, Skolvägen 4';
const SECOND = 'Automatiskt brandlarm – Åby vårdcentral, Torget 1';
const JSON_HEADLINE = 'Rökutveckling – Åby idrottshall';

declare global {
  interface Window {
    gdialChimeNotes?: number;
  }
}

interface CapAlarm {
  identifier: string;
  sent: string;
  headline: string;
  area: string;
}

/**
 * A CAP 1.2 alert as an automatic fire alarm receiver would send it (written for this test in the
 * shape of a Swedish rescue service's alarm profile; not a real alarm).
 */
function capAlert(a: CapAlarm): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${a.identifier}</identifier>
  <sender>${SENDER}</sender>
  <sent>${a.sent}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <source>Larmmottagning Syd, operatör 12</source>
  <scope>Restricted</scope>
  <restriction>Räddningstjänsten och dess larmmottagare</restriction>
  <code>Exempelprofil brandlarm 1.0</code>
  <info>
    <language>sv-SE</language>
    <category>Fire</category>
    <event>${EVENT}</event>
    <responseType>Execute</responseType>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <eventCode>
      <valueName>exempel:larmtyp</valueName>
      <value>AUTOMATISKT-BRANDLARM</value>
    </eventCode>
    <senderName>Räddningstjänsten Syd – larmmottagning</senderName>
    <headline>${a.headline}</headline>
    <description>Automatiskt brandlarm har löst ut: rökdetektor, sektion 3, plan 2. Objektet har sprinkler. Nyckel finns i nyckelskåp vid huvudentrén.</description>
    <instruction>Styrkan larmas till objektet. Återkallas om larmet visar sig vara obefogat.</instruction>
    <contact>Vakthavande befäl, 010-100 00 00</contact>
    <area>
      <areaDesc>${a.area}</areaDesc>
      <circle>55.6050,13.0038 0.2</circle>
    </area>
  </info>
</alert>`;
}

/** The source withdraws an alarm it sent (no info block: CAP allows a Cancel with references only). */
function capCancel(of: CapAlarm, identifier: string, sent: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${identifier}</identifier>
  <sender>${SENDER}</sender>
  <sent>${sent}</sent>
  <status>Actual</status>
  <msgType>Cancel</msgType>
  <scope>Restricted</scope>
  <restriction>Räddningstjänsten och dess larmmottagare</restriction>
  <note>Obefogat larm: fel i detektor, bekräftat av fastighetsansvarig.</note>
  <references>${SENDER},${of.identifier},${of.sent}</references>
</alert>`;
}

interface Proposal {
  id: number;
  state: string;
  alertId: number | null;
  cancelRequested: boolean;
  sourceKey: string;
  headline: string;
}

describe('inbound alarms become proposed call-outs an operator launches', () => {
  let sim: Simulator;
  let engine: RunningEngine;
  let browser: Browser;
  let admin: Page;
  let page: Page;
  let files: string;
  let rpc: WsTestClient;
  let secret = '';
  const first: CapAlarm = { identifier: 'SE-RTS-2026-120701', sent: '2026-12-07T03:12:00+01:00', headline: FIRST, area: 'Åby, Skolvägen 4' };
  const second: CapAlarm = { identifier: 'SE-RTS-2026-120702', sent: '2026-12-07T03:40:00+01:00', headline: SECOND, area: 'Åby, Torget 1' };

  beforeAll(async () => {
    warnIfNoAxe();
    files = mkdtempSync(path.join(tmpdir(), 'gdial-e2e-proposals-'));
    sim = await startConfirmingSimulator();
    engine = await startAlertEngine(sim);
    browser = await launchBrowser();
    admin = await openOperatorTab(browser);
    page = await openOperatorTab(browser, { timeout: 15_000 });
    // Notes the chime plays, counted where WebAudio starts them (no test hook in the console).
    await page.context().addInitScript(() => {
      window.gdialChimeNotes = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
        window.gdialChimeNotes = (window.gdialChimeNotes ?? 0) + 1;
        return start.apply(this, args);
      };
    });
  });

  afterAll(async () => {
    rpc?.ws.close();
    await stopAll({ browser, engine, sim, files });
  });

  const { h1, text } = consoleView(() => page);
  const chimeNotes = () => page.evaluate(() => window.gdialChimeNotes ?? 0);
  const banner = () => page.getByTestId('proposals-banner');

  /** The engine's own answer, as the signed-in administrator over a second connection. */
  async function call<T>(method: string, input: unknown = {}): Promise<T> {
    const result = await rpc.call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  }

  /** What an alarm receiver does: a POST on the REST API with its key. */
  async function post(route: string, body: string, contentType: string): Promise<{ status: number; body: { ok: boolean; value?: { outcome: string; proposalId: number | null }; error?: { message: string } } }> {
    const res = await fetch(`${engine.url}/api/v1/${route}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': contentType },
      body,
    });
    return { status: res.status, body: (await res.json()) as never };
  }

  async function postAlarm(route: string, body: string, contentType: string): Promise<number> {
    const answer = await post(route, body, contentType);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.value?.outcome).toBe('proposed');
    return answer.body.value!.proposalId!;
  }

  it('an administrator makes a template with recipients, a rule for inbound alarms in the console, and an API key', async () => {
    await signUpFirstAdmin(admin, engine.url, ADMIN);
    expect(await importContactsCsv(admin, files, groupsCsv(CREW, 2))).toContain('Nya: 5.');
    await createOperator(admin, OPERATOR);
    rpc = await wsClient(engine.url);
    await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const groups = await call<Array<{ id: number; name: string }>>('groups.list');
    const crew = groups.find((g) => g.name === 'Insatsstyrka');
    if (!crew) throw new Error('no group Insatsstyrka');
    await call('templates.create', {
      name: TEMPLATE,
      voiceText: 'Brandlarm. Tryck 1 om du kommer, 2 om du inte kan.',
      smsText: 'Brandlarm. Svara JA om du kommer.',
      alertDefaults: { groupIds: [crew.id], channels: ['voice'] },
    });

    await admin.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Integrationer' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Integrationer' }).waitFor();
    await admin.getByRole('tab', { name: 'Regler för inkommande larm' }).click();
    await admin.getByRole('heading', { name: 'Inga regler' }).waitFor();
    await expectAccessible(admin);

    // A half-written rule asks before it is thrown away.
    await admin.getByRole('button', { name: 'Ny regel' }).click();
    const form = admin.getByRole('dialog', { name: 'Ny regel för inkommande larm' });
    await form.getByRole('textbox', { name: 'Namn', exact: true }).fill('Halvfärdig');
    await admin.keyboard.press('Escape');
    const unsaved = admin.getByRole('dialog', { name: 'Osparade ändringar' });
    await unsaved.getByRole('button', { name: 'Avbryt' }).click();
    await expect(form.getByRole('textbox', { name: 'Namn', exact: true }).inputValue()).resolves.toBe('Halvfärdig');

    await form.getByRole('textbox', { name: 'Namn', exact: true }).fill(RULE);
    await form.getByRole('textbox', { name: 'Händelse', exact: true }).fill(EVENT);
    await form.getByRole('checkbox', { name: 'Extrem (Extreme)' }).check();
    await form.getByRole('checkbox', { name: 'Allvarlig (Severe)' }).check();
    await form.getByRole('combobox', { name: 'Mall' }).selectOption({ label: TEMPLATE });
    // Starta direkt says what still applies, before anyone turns it on.
    expect(await text(form.getByTestId('launch-at-once-warning'))).toContain('Kontrollen före start och reglerna för godkännande gäller fortfarande');
    await expectAccessible(admin);
    await screenshot(admin, 'trigger-rule-form.png');
    await form.getByRole('button', { name: 'Skapa' }).click();
    await form.waitFor({ state: 'detached' });
    const row = admin.getByTestId('rule-row');
    await expect.poll(() => text(row)).toContain(RULE);
    expect(await text(row)).toContain(`händelse ”${EVENT}”`);
    expect(await text(row)).toContain('allvar Extrem, Allvarlig');
    expect(await text(row)).toContain(TEMPLATE);
    expect(await text(row)).toContain('Förslag till operatör');
    const rules = await call<Array<{ name: string; event: string; severities: string[]; launchAtOnce: boolean }>>('triggers.rules');
    expect(rules).toMatchObject([{ name: RULE, event: EVENT, severities: ['Extreme', 'Severe'], launchAtOnce: false }]);
    await screenshot(admin, 'trigger-rules.png');

    ({ secret } = await call<{ secret: string }>('apiKeys.create', { name: KEY, role: 'operator' }));
    await call('users.create', { ...VIEWER, role: 'viewer' });
    expect(secret).toMatch(/^gdk_/);
  });

  it('a CAP 1.2 alarm POSTed with the key shows on the operator’s console at once: banner, chime, announcement, Översikt', async () => {
    await page.goto(engine.url);
    await signIn(page, OPERATOR);
    await h1('Översikt').waitFor();
    expect(await banner().count()).toBe(0);
    expect(await chimeNotes()).toBe(0);

    const id = await postAlarm('triggers/cap', capAlert(first), 'application/xml');

    await banner().getByText(`Inkommande larm: ${FIRST}`).waitFor({ timeout: 10_000 });
    expect(await text(banner())).toContain(`${EVENT} · Åby, Skolvägen 4 · Allvarlig`);
    await expect.poll(chimeNotes).toBeGreaterThan(0);
    await expect.poll(() => text(page.getByTestId('proposals-announcer'))).toContain(`Inkommande larm: ${FIRST}.`);
    const card = page.getByTestId('overview-proposal');
    await expect.poll(() => text(card)).toContain(FIRST);
    await expectAccessible(page);
    await screenshot(page, 'proposal-banner.png');

    const proposal = await call<Proposal>('proposals.get', { id });
    expect(proposal).toMatchObject({ state: 'open', sourceKey: KEY, headline: FIRST, alertId: null });
  });

  it('a viewer sees the proposal and the rules but may neither open, dismiss nor edit', async () => {
    const viewer = await openOperatorTab(browser);
    await viewer.goto(engine.url);
    await signIn(viewer, VIEWER);
    await viewer.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
    const seen = viewer.getByTestId('proposals-banner');
    await seen.getByText(`Inkommande larm: ${FIRST}`).waitFor();
    await seen.getByRole('link', { name: `Visa förslaget ”${FIRST}”` }).click();
    await viewer.getByRole('heading', { level: 1, name: 'Integrationer' }).waitFor();
    await viewer.getByTestId('proposal-row').filter({ hasText: FIRST }).waitFor();
    await viewer.getByText('Du kan se förslagen men inte starta eller avfärda dem.').waitFor();
    expect(await viewer.getByRole('link', { name: /^Öppna/ }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /^Avfärda/ }).count()).toBe(0);
    await viewer.getByRole('tab', { name: 'Regler för inkommande larm' }).click();
    await viewer.getByTestId('rule-row').filter({ hasText: RULE }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Ny regel' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: `Redigera regeln ${RULE}` }).count()).toBe(0);
    await expectAccessible(viewer);
    await viewer.context().close();
  });

  it('Öppna lands in the pre-flight with the template’s recipients; the countdown launches it, it runs to its end and the proposal is launched', async () => {
    const [proposal] = await call<Proposal[]>('proposals.list', { state: 'open' });
    if (!proposal) throw new Error('no open proposal');
    await banner().getByRole('link', { name: `Öppna förslaget ”${FIRST}” i kontrollen före start` }).click();
    await h1('Nytt larm').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    expect(await text(page.getByTestId('from-proposal'))).toContain(`Ifyllt från det inkommande larmet ”${FIRST}” (regel ”${RULE}”)`);
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('3');
    await expectAccessible(page);
    await screenshot(page, 'proposal-preflight.png');

    await page.getByRole('button', { name: 'Starta larmet' }).click();
    await page.getByTestId('launch-countdown').waitFor();
    await h1(FIRST).waitFor({ timeout: 20_000 });
    const alertId = Number(/larm=(\d+)/.exec(page.url())?.[1]);
    expect(alertId).toBeGreaterThan(0);
    await expect.poll(() => text(page.getByTestId('alert-state').first()), { timeout: 30_000 }).toBe('Klart');
    expect(await text(page.getByTestId('counter-confirmed'))).toBe('3');

    expect(await call<Proposal>('proposals.get', { id: proposal.id })).toMatchObject({ state: 'launched', alertId, cancelRequested: false });
    const alert = await call<{ title: string; createdBy: string | null; counters: { recipients: number } }>('alerts.get', { id: alertId });
    expect(alert).toMatchObject({ title: FIRST, createdBy: OPERATOR.username, counters: { recipients: 3 } });
    // Nothing open any more: the banner is gone from every page.
    await banner().waitFor({ state: 'detached' });
  });

  it('a Cancel from the source while the alert still rings asks the operator, and Stoppa stops the alert', async () => {
    // Phones now ring for a minute before anyone answers: the next alert is still running when the Cancel comes.
    sim.configure({ ringMs: { min: 60_000, max: 60_000 } });
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt' }).click();
    await h1('Översikt').waitFor();
    const notesBefore = await chimeNotes();
    await postAlarm('triggers/cap', capAlert(second), 'text/xml');

    // This time from Översikt's card.
    const card = page.getByTestId('overview-proposal').filter({ hasText: SECOND });
    await card.getByRole('link', { name: `Öppna förslaget ”${SECOND}” i kontrollen före start` }).click();
    await page.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('3');
    await page.getByRole('button', { name: 'Starta larmet' }).click();
    await h1(SECOND).waitFor({ timeout: 20_000 });
    const alertId = Number(/larm=(\d+)/.exec(page.url())?.[1]);
    await expect.poll(async () => (await call<{ state: string }>('alerts.get', { id: alertId })).state).toBe('running');
    const notesAtLaunch = await chimeNotes();
    expect(notesAtLaunch).toBeGreaterThan(notesBefore);

    const answer = await post('triggers/cap', capCancel(second, 'SE-RTS-2026-120702-C', '2026-12-07T03:44:00+01:00'), 'application/xml');
    expect(answer.status).toBe(200);
    expect(answer.body.value?.outcome).toBe('cancel_requested');

    const ask = page.getByTestId('cancel-request');
    await ask.getByText('Källan har återkallat larmet – stoppa larmet?').waitFor({ timeout: 10_000 });
    expect(await text(ask)).toContain(`Gäller ”${SECOND}” från ${KEY}.`);
    await expect.poll(chimeNotes).toBeGreaterThan(notesAtLaunch);
    await expect.poll(() => text(page.getByTestId('proposals-announcer'))).toContain(`Källan har återkallat larmet ”${SECOND}”`);
    await expectAccessible(page);
    await screenshot(page, 'proposal-cancel-request.png');
    // Still running: the engine stops nothing before the operator says so.
    expect((await call<{ state: string }>('alerts.get', { id: alertId })).state).toBe('running');

    await ask.getByRole('button', { name: `Stoppa larmet ”${SECOND}”` }).click();
    await ask.waitFor({ state: 'detached' });
    await page.getByText(`Larmet ”${SECOND}” stoppas.`).waitFor();
    await expect.poll(async () => (await call<{ state: string }>('alerts.get', { id: alertId })).state, { timeout: 15_000 }).toBe('canceled');
    const [launched] = (await call<Proposal[]>('proposals.list', { state: 'launched' })).filter((p) => p.alertId === alertId);
    expect(launched).toMatchObject({ cancelRequested: false });
    sim.configure({ ringMs: { min: 50, max: 200 } });
  });

  it('a JSON alarm is dismissed from Föreslagna larm; bad XML is a 4xx that shows nothing; a heartbeat shows the source', async () => {
    const id = await postAlarm(
      'triggers/json',
      JSON.stringify({ id: 'lc-2026-0042', sender: SENDER, event: EVENT, headline: JSON_HEADLINE, area: 'Åby, Idrottsvägen 2', severity: 'Severe', urgency: 'Immediate' }),
      'application/json',
    );
    await banner().getByText(`Inkommande larm: ${JSON_HEADLINE}`).waitFor({ timeout: 10_000 });

    await banner().getByRole('link', { name: 'Alla föreslagna larm' }).click();
    await h1('Integrationer').waitFor();
    const rows = page.getByTestId('proposal-row');
    await expect.poll(() => rows.count()).toBe(3);
    // Open first, then the newest.
    expect(await rows.first().getAttribute('data-state')).toBe('open');
    expect(await text(rows.first())).toContain(JSON_HEADLINE);
    expect(await text(rows.first())).toContain(`${KEY}avsändare ${SENDER}`);
    expect(await text(rows.first())).toContain('Område: Åby, Idrottsvägen 2');
    expect(await text(rows.first())).toContain('Allvarlig · Omedelbar');
    expect(await text(rows.nth(1))).toContain(SECOND);
    expect(await text(rows.nth(1))).toContain('Startat');
    await expectAccessible(page);
    await screenshot(page, 'proposals-panel.png');

    await rows.first().getByRole('button', { name: `Avfärda förslaget ”${JSON_HEADLINE}”` }).click();
    const confirm = page.getByRole('dialog', { name: 'Avfärda förslaget?' });
    await confirm.getByRole('button', { name: 'Avfärda' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText(`Förslaget ”${JSON_HEADLINE}” är avfärdat.`).waitFor();
    await expect.poll(() => text(rows.filter({ hasText: JSON_HEADLINE }))).toContain('Avfärdat');
    await banner().waitFor({ state: 'detached' });
    expect((await call<Proposal>('proposals.get', { id })).state).toBe('dismissed');

    // Bad documents: a clear 4xx, and nothing changes.
    const before = (await call<Proposal[]>('proposals.list')).length;
    const broken = await post('triggers/cap', capAlert({ ...first, identifier: 'SE-RTS-2026-120703' }).replace('</info>', ''), 'application/xml');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect(broken.body.ok).toBe(false);
    const invalid = await post('triggers/cap', capAlert({ ...first, identifier: 'SE-RTS-2026-120704' }).replace('<urgency>Immediate</urgency>', '<urgency>Genast</urgency>'), 'application/xml');
    expect(invalid.status).toBeGreaterThanOrEqual(400);
    expect(invalid.status).toBeLessThan(500);
    expect(invalid.body.error?.message ?? '').toMatch(/urgency/i);

    // A heartbeat after them: once the source shows under Källor, the bad documents have had their chance to show too.
    const beat = await post('triggers/heartbeat', JSON.stringify({ everySeconds: 60 }), 'application/json');
    expect(beat.status).toBe(200);
    await page.getByRole('tab', { name: 'Källor' }).click();
    const source = page.getByTestId('source-row');
    await expect.poll(() => text(source)).toContain(KEY);
    expect(await text(source)).toContain('Hörs av');
    expect(await text(source)).toContain('1 min');
    await expectAccessible(page);
    expect(await banner().count()).toBe(0);
    expect((await call<Proposal[]>('proposals.list')).length).toBe(before);

    // Glöm källan (a source that stopped for good): asked first, then the row is gone from Källor and the engine.
    await source.getByRole('button', { name: `Glöm källan ${KEY}` }).click();
    const forget = page.getByRole('dialog', { name: 'Glöm källan?' });
    expect(await text(forget)).toContain(`”${KEY}” tas bort från Källor`);
    await forget.getByRole('button', { name: 'Glöm källan' }).click();
    await forget.waitFor({ state: 'detached' });
    await page.getByText(`Källan ”${KEY}” är glömd.`).waitFor();
    await expect.poll(() => source.count()).toBe(0);
    expect(await call<Array<{ name: string }>>('triggers.sources')).toEqual([]);
  });

  it('a rule whose template has no recipients opens the wizard at Mottagare with the texts filled in', async () => {
    const bare = await call<{ id: number }>('templates.create', { name: 'Utsläpp – texter', voiceText: 'Utsläpp av farligt ämne. Tryck 1 om du kommer.', smsText: 'Utsläpp. Svara JA om du kommer.' });
    await call('triggers.createRule', { name: 'Utsläpp', event: 'Utsläpp', templateId: bare.id });
    const headline = 'Ammoniakläcka – Åby kylhus';
    await postAlarm('triggers/json', JSON.stringify({ id: 'lc-2026-0043', sender: SENDER, event: 'Utsläpp', headline, status: 'Exercise' }), 'application/json');
    await banner().getByRole('link', { name: `Öppna förslaget ”${headline}” i kontrollen före start` }).click();
    await page.getByRole('heading', { level: 2, name: 'Mottagare' }).waitFor();
    expect(await text(page.getByTestId('from-proposal'))).toContain('Mallen saknar mottagare: välj vilka som ska larmas.');
    // An Exercise alarm is a drill; the rest is the operator's to choose.
    expect(await page.getByRole('switch', { name: /^Övning/ }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'Insatsstyrka', exact: true }).check();
    await page.getByRole('button', { name: 'Tillbaka' }).click();
    await expect(page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).resolves.toBe(headline);
    await expect(page.getByRole('textbox', { name: 'Text för röstsamtal' }).inputValue()).resolves.toBe('Utsläpp av farligt ämne. Tryck 1 om du kommer.');
    await expectAccessible(page);
  });

  it('a colleague launches the proposal the operator has open in the wizard: the wizard says so with a link to the alert, the draft stays, and a second launch is refused', async () => {
    const headline = 'Automatiskt brandlarm – Åby bibliotek, Kyrkogatan 2';
    const edited = `${headline} – rökdykare till plan 2`;
    const id = await postAlarm(
      'triggers/json',
      JSON.stringify({ id: 'lc-2026-0044', sender: SENDER, event: EVENT, headline, area: 'Åby, Kyrkogatan 2', severity: 'Severe', urgency: 'Immediate' }),
      'application/json',
    );
    const openLink = `Öppna förslaget ”${headline}” i kontrollen före start`;

    // The operator opens it (the previous test's draft is asked about and replaced) and starts changing it.
    await banner().getByRole('link', { name: openLink }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ersätt med förslaget' }).click();
    await page.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    await expect.poll(() => text(page.getByTestId('preflight-recipients'))).toBe('3');
    for (const step of ['Kanaler', 'Mottagare', 'Meddelande']) {
      await page.getByRole('button', { name: 'Tillbaka' }).click();
      await page.getByRole('heading', { level: 2, name: step }).waitFor();
    }
    await page.getByRole('textbox', { name: 'Rubrik' }).fill(edited);
    expect(await page.getByTestId('proposal-not-open').count()).toBe(0);

    // Meanwhile the administrator, on a console of their own, opens the same proposal and launches it.
    await admin.getByTestId('proposals-banner').getByRole('link', { name: openLink }).click();
    await admin.getByRole('heading', { level: 2, name: 'Kontroll och start' }).waitFor();
    await expect.poll(() => text(admin.getByTestId('preflight-recipients'))).toBe('3');
    await admin.getByRole('button', { name: 'Starta larmet' }).click();
    await admin.getByRole('heading', { level: 1, name: headline }).waitFor({ timeout: 20_000 });
    const alertId = Number(/larm=(\d+)/.exec(admin.url())?.[1]);
    expect(alertId).toBeGreaterThan(0);
    expect(await call<Proposal>('proposals.get', { id })).toMatchObject({ state: 'launched', alertId });

    // The operator's wizard follows: the notice, said once to screen readers, with the link; the draft is untouched.
    const notice = page.getByTestId('proposal-not-open');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.getAttribute('data-state')).toBe('launched');
    expect(await text(notice)).toContain('Förslaget är inte längre öppet: Startat');
    expect(await text(notice)).toContain('En kollega har redan startat larmet från förslaget.');
    expect(await text(notice)).toContain('Ditt utkast finns kvar nedan, men det kan inte längre startas som svar på förslaget.');
    await page.getByRole('status').filter({ hasText: 'Förslaget är inte längre öppet: Startat. En kollega har redan startat larmet från förslaget.' }).waitFor({ state: 'attached' });
    const viewAlert = notice.getByRole('link', { name: 'Visa det startade larmet' });
    expect(await viewAlert.getAttribute('href')).toBe(`#/larm?larm=${alertId}`);
    expect(await viewAlert.getAttribute('tabindex')).toBeNull();
    await page.getByRole('heading', { level: 2, name: 'Meddelande' }).waitFor();
    await expect(page.getByRole('textbox', { name: 'Rubrik' }).inputValue()).resolves.toBe(edited);
    expect(await text(page.getByTestId('from-proposal'))).toContain(`Ifyllt från det inkommande larmet ”${headline}”`);
    await expectAccessible(page);
    await screenshot(page, 'proposal-launched-elsewhere.png');

    // Starta anyway: the launch still names the proposal, and the engine refuses it in words the operator can act on.
    for (const step of ['Mottagare', 'Kanaler', 'Kontroll och start']) {
      await page.getByRole('button', { name: 'Nästa' }).click();
      await page.getByRole('heading', { level: 2, name: step }).waitFor();
    }
    await page.getByRole('button', { name: 'Starta larmet' }).click();
    const failed = page.getByTestId('launch-failed');
    await failed.waitFor({ timeout: 20_000 });
    expect(await text(failed)).toContain('Förslaget är inte längre öppet: någon har redan startat eller avfärdat det, eller så har källan återkallat det.');
    expect(await text(failed)).toContain(`”${edited}” har inte startats.`);
    expect(await call<Proposal>('proposals.get', { id })).toMatchObject({ state: 'launched', alertId });
    const titles = (await call<Array<{ title: string }>>('alerts.list', { limit: 200 })).map((a) => a.title);
    expect(titles).toContain(headline);
    expect(titles).not.toContain(edited);
    await failed.getByRole('link', { name: 'Tillbaka till utkastet' }).click();
    await failed.waitFor({ state: 'detached' });

    // The link, from the keyboard, leads to the colleague's alert.
    await viewAlert.focus();
    await page.keyboard.press('Enter');
    await h1(headline).waitFor();
    expect(page.url()).toContain(`larm=${alertId}`);
  });
});
