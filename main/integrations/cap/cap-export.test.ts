/**
 * CAP 1.2 out through a whole engine on SQLite and PostgreSQL: a live alert, its Cancel, a drill
 * in English, a burned alert and one launched for an inbound alarm, each validated against the
 * OASIS schema with xmllint, and audited like every export.
 */
import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../rpc/router';
import { bookWithGroup, draft, FAST, waitForAlert } from '../../test-support/alert-fixture';
import { engineBackends, startTestEngineOn } from '../../test-support/backends';
import type { TestEngine } from '../../test-support/engine-fixture';
import { capMessage, capSender, capTime } from './cap-export';
import { validateCap } from './cap-schema';

const TITLE = 'Brand Zebra4711 i Åby';
const SMS = 'Hemligt Ocelot552: samling vid norra porten';
const VOICE = 'Talat Lodjur8813: samling vid norra porten';
const CAP_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/;

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['info', 'parameter', 'area'].includes(name) });
type Doc = Record<string, unknown> & { info?: Array<Record<string, unknown> & { parameter?: Array<{ valueName: string; value: string }> }> };
const read = (xml: string) => (parser.parse(xml) as { alert: Doc }).alert;
const params = (info: NonNullable<Doc['info']>[number]) => Object.fromEntries((info.parameter ?? []).map((p) => [p.valueName, p.value]));

describe.each(engineBackends())('CAP 1.2 export on $name', (backend) => {
  let t: TestEngine;
  let op: Connection;
  let groupId: number;

  beforeAll(async () => {
    // Nobody answers and the next round is ten minutes away: every alert stays running until the test ends it.
    t = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
    op = await t.signedIn('operator');
    ({ groupId } = await bookWithGroup(t, op, 2));
  }, 60_000); // a whole engine: its start takes longer than the default hook's 10 s on a busy machine
  afterAll(() => t?.stop(), 60_000);

  const launch = async (launchKey: string, extra: Parameters<typeof draft>[1] = {}) => {
    const alert = await t.call(op, 'alerts.launch', {
      launchKey,
      draft: draft(groupId, { title: TITLE, smsText: SMS, voiceText: VOICE, channels: ['voice', 'sms'], policy: { cycles: 3, retryIntervalSeconds: 600 }, ...extra } as never),
    });
    return waitForAlert(t, op, alert.id, (a) => a.state === 'running');
  };

  it('a live alert: Alert, Actual, Restricted, one Swedish info with title, SMS text and spoken text; valid and audited', async () => {
    const alert = await launch('cap-live-0001');
    const out = await t.call(op, 'reports.cap', { id: alert.id });
    await validateCap(out.xml);
    expect(out.fileName).toBe(`gdial-alert-${alert.id}-cap.xml`);
    const doc = read(out.xml);
    expect(doc['@_xmlns']).toBe('urn:oasis:names:tc:emergency:cap:1.2');
    expect(doc).toMatchObject({ status: 'Actual', msgType: 'Alert', scope: 'Restricted', sender: expect.stringMatching(/^gdial@[A-Za-z0-9._-]+$/) });
    expect(doc.identifier).toMatch(new RegExp(`^gdial-${alert.id}-[0-9a-f]{12}$`));
    expect(doc.sent).toMatch(CAP_TIME);
    expect(Date.parse((doc.sent as string).replace('-00:00', 'Z'))).toBe(Math.floor(Date.parse(alert.startedAt!) / 1000) * 1000);
    expect(doc.references).toBeUndefined();
    expect(doc.info).toHaveLength(1);
    const info = doc.info![0]!;
    expect(info).toMatchObject({ language: 'sv-SE', category: 'Other', event: 'Utlarmning', urgency: 'Immediate', severity: 'Unknown', certainty: 'Unknown', headline: TITLE, description: SMS });
    expect(params(info)).toEqual({ GDIAL_ALERT_ID: String(alert.id), GDIAL_STATE: 'running', GDIAL_VOICE_TEXT: VOICE });

    // The same alert exported again is the same message.
    expect((await t.call(op, 'reports.cap', { id: alert.id })).xml).toBe(out.xml);
    const audit = await t.call(await t.signedIn('admin'), 'audit.list', { action: 'reports.export' });
    const entries = audit.filter((e) => e.targetType === 'alert' && e.targetId === String(alert.id));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actorName: expect.stringMatching(/^operator-/), details: { kind: 'alert_cap', format: 'cap-1.2', fileName: out.fileName, msgType: 'Alert', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('a cancelled alert: a Cancel with its own identifier that references the Alert message', async () => {
    const alert = await launch('cap-cancel-0001');
    const before = read((await t.call(op, 'reports.cap', { id: alert.id })).xml);
    await t.call(op, 'alerts.cancel', { id: alert.id });
    const out = await t.call(op, 'reports.cap', { id: alert.id });
    await validateCap(out.xml);
    const doc = read(out.xml);
    expect(doc).toMatchObject({ msgType: 'Cancel', status: 'Actual', identifier: `${before.identifier as string}-cancel`, incidents: before.identifier });
    expect(doc.references).toBe(`${before.sender as string},${before.identifier as string},${before.sent as string}`);
    expect(doc.note).toMatch(/cancelled at \d{4}-/);
    expect(doc.sent).toMatch(CAP_TIME);
    expect(params(doc.info![0]!).GDIAL_STATE).toBe('canceled');
  });

  it('a drill in English: Exercise, an English info block, a note saying it is a drill', async () => {
    const alert = await launch('cap-drill-0001', { drill: true, language: 'en' });
    const out = await t.call(op, 'reports.cap', { id: alert.id });
    await validateCap(out.xml);
    const doc = read(out.xml);
    expect(doc).toMatchObject({ status: 'Exercise', msgType: 'Alert' });
    expect(doc.note).toMatch(/^Drill/);
    expect(doc.info![0]).toMatchObject({ language: 'en-US', event: 'Drill call-out', headline: TITLE, description: SMS });
  });

  it('a burned alert: valid, and none of its text or spoken words; its title stays, as everywhere', async () => {
    const alert = await launch('cap-burn-0001', { burn: { after: 'time', minutes: 60 } });
    await t.call(op, 'alerts.burn', { id: alert.id });
    const out = await t.call(op, 'reports.cap', { id: alert.id });
    await validateCap(out.xml);
    for (const word of ['Ocelot552', 'Lodjur8813', 'norra porten']) expect(out.xml).not.toContain(word);
    const doc = read(out.xml);
    const info = doc.info![0]!;
    expect(info.headline).toBe(TITLE);
    expect(info.description).toBeUndefined();
    expect(info.event).toBe('Utlarmning');
    expect(params(info)).toEqual({ GDIAL_ALERT_ID: String(alert.id), GDIAL_STATE: 'canceled', GDIAL_BURNED_AT: expect.stringMatching(CAP_TIME) });
    expect(doc.note).toMatch(/burned at .*keeps none of its text/);
  });

  it("an alert launched for an inbound alarm carries the alarm's event, area, severity and urgency", async () => {
    const alert = await launch('cap-alarm-0001');
    const now = Date.now();
    await t.engine.store.run(sql`
      INSERT INTO proposals (state, format, source_key, sender, external_id, msg_type, status, event, headline, description, area, severity, urgency, alert_id, received_at, updated_at)
      VALUES ('launched', 'cap', 'larmcentral', 'varningar@vader.exempel.se', 'x-1', 'Alert', 'Actual', 'Mycket höga flöden', 'h', 'd', 'Ljusdals kommun; Bollnäs kommun',
        'Severe', 'Expected', ${alert.id}, ${now}, ${now})`);
    const out = await t.call(op, 'reports.cap', { id: alert.id });
    await validateCap(out.xml);
    expect(read(out.xml).info![0]).toMatchObject({ event: 'Mycket höga flöden', severity: 'Severe', urgency: 'Expected', area: [{ areaDesc: 'Ljusdals kommun; Bollnäs kommun' }] });
  });

  it("a burned alert launched for an inbound alarm keeps the alarm's event, not its area", async () => {
    const alert = await launch('cap-alarm-burn-0001', { burn: { after: 'time', minutes: 60 } });
    const now = Date.now();
    await t.engine.store.run(sql`
      INSERT INTO proposals (state, format, source_key, sender, external_id, msg_type, status, event, headline, description, area, severity, urgency, alert_id, received_at, updated_at)
      VALUES ('launched', 'cap', 'larmcentral', 'varningar@vader.exempel.se', 'x-2', 'Alert', 'Actual', 'Mycket höga flöden', 'Höga flöden i Ljusnan', 'd',
        'Ljusdals kommun', 'Severe', 'Expected', ${alert.id}, ${now}, ${now})`);
    await t.call(op, 'alerts.burn', { id: alert.id });
    const out = await t.call(op, 'reports.cap', { id: alert.id });
    await validateCap(out.xml);
    for (const word of ['Ljusdal', 'Ljusnan']) expect(out.xml).not.toContain(word);
    const info = read(out.xml).info![0]!;
    expect(info).toMatchObject({ event: 'Mycket höga flöden', severity: 'Severe', urgency: 'Expected', headline: TITLE });
    expect(info.area).toBeUndefined();
  });

  it('an alert that does not exist is not found', async () => {
    const answer = await t.engine.router.call(op, 'reports.cap', { id: 999_999 });
    expect(answer).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});

describe('the CAP message itself', () => {
  const row = {
    id: 7,
    launchKey: 'k'.repeat(20),
    title: 'A & B <C> "D"',
    voiceText: '',
    smsText: 'Text with a bell \u0007 and ]]> and & <tags>',
    language: 'sv' as const,
    drill: 0,
    state: 'completed' as const,
    createdAt: Date.parse('2026-12-07T08:00:00.123Z'),
    startedAt: null,
    finishedAt: null,
    expiresAt: Date.parse('2026-12-07T10:00:00Z'),
    burnedAt: null,
  };
  const opts = { sender: capSender('Ledning 1, Åby'), workstation: 'Ledning 1, Åby', version: '1.2.3', now: () => 0 };

  it('escapes markup, drops characters XML cannot carry, and still validates', async () => {
    const { xml } = capMessage(row, undefined, opts);
    await validateCap(xml);
    const info = read(xml).info![0]!;
    expect(info.headline).toBe('A & B <C> "D"');
    expect(info.description).toBe('Text with a bell  and ]]> and & <tags>');
    expect(info.expires).toBe('2026-12-07T10:00:00-00:00');
    expect(read(xml).sent).toBe('2026-12-07T08:00:00-00:00');
  });

  it('says when an alert waits for approval (nothing has gone out), and still validates', async () => {
    const { xml } = capMessage({ ...row, state: 'pending_approval' }, undefined, opts);
    await validateCap(xml);
    expect(read(xml)).toMatchObject({ msgType: 'Alert', note: expect.stringMatching(/approve it: nothing has gone out yet/) });
  });

  it('writes a CAP sender without spaces or commas, and CAP times without fractions or Z', () => {
    expect(opts.sender).toBe('gdial@Ledning-1-Aby');
    expect(capSender('  ')).toBe('gdial@workstation');
    expect(capTime(Date.parse('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05-00:00');
  });
});
