/**
 * A known call-out through the simulator, then its report, logs and exports checked against what
 * the script implies. Five people, quorum 2, one round: Person 1 presses 2, Person 2 is busy,
 * Person 3 does not answer, Persons 4 and 5 press 1. Every text is delivered except Person 2's
 * (failed, 30003) and Person 3's (undelivered, 30005). Calls go out 200 ms apart, so Person 1
 * has answered and Persons 2 and 3 are settled before the quorum is reached.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../audit/audit-log';
import { unguardCell } from '../contacts/files/formula-guard';
import { durationWords, type AlertReport, type AuditEntry } from '../contract';
import { bookWithGroup, draft, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';
import { alertReport } from './alert-report';
import { createChromiumPdf } from './chromium-pdf';
import { exportReport, sha256Hex } from './export';
import { exportWords, formatLocalTime, isoWithOffset } from './labels';
import { listLogs } from './logs';
import { pdfText } from './test-pdf';
import { failureText } from './report-csv';

const SV = exportWords('sv');
const EN = exportWords('en');
const RECIPIENT_STATE_LABEL = SV.recipientStates;

const N = (i: number) => `+46702${String(i).padStart(6, '0')}`;
const TZ = 'Europe/Stockholm';
const ACTOR = { id: 1, name: 'admin' };
/** The test engine's carrier is the built-in simulator. */
const ON_SIMULATOR = () => true;

let t: TestEngine;
let alertId: number;
let contactIds: number[];
let report: AlertReport;

describe.each(engineBackends())('a scripted call-out on $name', (backend) => {
beforeAll(async () => {
  t = await startTestEngineOn(backend, {
    env: { GDIAL_CALLS_PER_SECOND: '5', GDIAL_MAX_CONCURRENT_CALLS: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50' },
    simulatorConfig: {
      latencyMs: { min: 5, max: 5 },
      ringMs: { min: 5, max: 5 },
      talkMs: { min: 80, max: 80 },
      timeScale: 0,
      scripts: {
        [N(0)]: { outcome: 'answer', digits: '2', sms: 'delivered' },
        [N(1)]: { outcome: 'busy', sms: 'failed', smsErrorCode: 30003 },
        [N(2)]: { outcome: 'no-answer', sms: 'undelivered', smsErrorCode: 30005 },
        [N(3)]: { outcome: 'answer', digits: '1', sms: 'delivered' },
        [N(4)]: { outcome: 'answer', digits: '1', sms: 'delivered' },
      },
    },
  });
  const op = await t.signedIn('operator');
  const { groupId } = await bookWithGroup(t, op, 5);
  const launched = await t.call(op, 'alerts.launch', {
    launchKey: 'report-scenario-1',
    draft: draft(groupId, { drill: true, channels: ['voice', 'sms'], policy: { cycles: 1, attemptsPerNumber: 1, quorum: 2 } } as never),
  });
  alertId = launched.id;
  await waitForAlert(t, op, alertId);
  await t.engine.dispatch!.simulator!.settle();
  contactIds = (await t.engine.store.all<{ contactId: number }>(sql`SELECT contact_id AS "contactId" FROM alert_recipients WHERE alert_id = ${alertId} ORDER BY id`)).map(
    (r) => r.contactId,
  );
  report = await alertReport(t.engine.store, alertId, Date.now(), ON_SIMULATOR);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const auditOf = async (sha: string): Promise<AuditEntry | undefined> =>
  (await listAuditEntries(t.engine.store, { action: 'reports.export', limit: 100 })).find((e) => e.details.sha256 === sha);

describe('the alert report of a scripted call-out', () => {
  it('computes every figure the script implies', () => {
    expect(report.alert).toMatchObject({ id: alertId, title: 'Brand i Åby', drill: true, state: 'completed', channels: ['voice', 'sms'], burnedAt: null });
    expect(report.alert.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.figures).toMatchObject({
      recipients: 5,
      // Person 1 answered (and declined); 4 and 5 confirmed. 2 and 3 neither answered nor got the text.
      reached: 3,
      confirmed: 2,
      declined: 1,
      unreached: 2,
      canceled: 0,
      failed: 2,
      inDoubt: 0,
      callsPlaced: 5,
      callsAnswered: 3,
      smsSent: 5,
      smsDelivered: 3,
      quorum: 2,
    });
    const { firstConfirmationSeconds: first, quorumSeconds } = report.figures;
    expect(first).not.toBeNull();
    expect(quorumSeconds).not.toBeNull();
    expect(first!).toBeGreaterThanOrEqual(0);
    expect(first!).toBeLessThanOrEqual(quorumSeconds!);
    // The quorum-th confirmation is the later of the two.
    const confirmedAt = report.recipients.filter((r) => r.confirmedAt).map((r) => Date.parse(r.confirmedAt!));
    const start = Date.parse(report.alert.startedAt!);
    // Whole seconds, computed once in the engine.
    expect(quorumSeconds).toBe(Math.round((Math.max(...confirmedAt) - start) / 1000));
    expect(first).toBe(Math.round((Math.min(...confirmedAt) - start) / 1000));
  });

  it('shows each person with their outcome and the reasons their attempts failed', () => {
    const byName = Object.fromEntries(report.recipients.map((r) => [r.name, r]));
    expect(report.recipients.map((r) => r.name)).toEqual(['Person 1', 'Person 2', 'Person 3', 'Person 4', 'Person 5']);
    expect(byName['Person 1']).toMatchObject({ state: 'declined', confirmedAt: null, attempts: 2, inDoubt: false, failures: [] });
    expect(byName['Person 1']!.declinedAt).not.toBeNull();
    expect(byName['Person 1']!.reachedAt).not.toBeNull();
    expect(byName['Person 2']).toMatchObject({ state: 'unreached', reachedAt: null, attempts: 2 });
    expect(byName['Person 2']!.failures.map((f) => failureText(SV, f))).toEqual([
      `Samtal ${N(1)}: Upptaget`,
      `Sms ${N(1)}: Telefonen är avstängd eller utom täckning (kod 30003)`,
    ]);
    expect(byName['Person 2']!.failures.map((f) => f.reason.code)).toEqual(['busy', 'carrier_30003']);
    expect(byName['Person 2']!.failures.map((f) => failureText(EN, f))).toEqual([
      `Call ${N(1)}: Busy`,
      `SMS ${N(1)}: The phone is switched off or out of coverage (code 30003)`,
    ]);
    expect(byName['Person 3']).toMatchObject({ state: 'unreached', reachedAt: null });
    expect(byName['Person 3']!.failures.map((f) => failureText(SV, f))).toEqual([
      `Samtal ${N(2)}: Inget svar`,
      `Sms ${N(2)}: Okänt nummer, eller telefonen finns inte längre (kod 30005)`,
    ]);
    for (const name of ['Person 4', 'Person 5']) {
      expect(byName[name]).toMatchObject({ state: 'confirmed', confirmedVia: 'voice', failures: [] });
      expect(Date.parse(byName[name]!.reachedAt!)).toBeLessThanOrEqual(Date.parse(byName[name]!.confirmedAt!));
    }
  });

  it('refuses an alert that does not exist', async () => {
    await expect(alertReport(t.engine.store, 9999, Date.now(), ON_SIMULATOR)).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('the logs of the call-out', () => {
  it('list the calls and the texts separately, newest first, with readable reasons', async () => {
    const calls = await listLogs(t.engine.store, { channel: 'voice', alertId, limit: 100 });
    expect(calls.map((r) => r.e164)).toEqual([N(4), N(3), N(2), N(1), N(0)]);
    expect(calls.every((r) => r.channel === 'voice' && r.alertTitle === 'Brand i Åby' && r.drill)).toBe(true);
    expect(calls.map((r) => r.attemptId)).toEqual([...calls.map((r) => r.attemptId)].sort((a, b) => b - a));
    expect(calls.find((r) => r.e164 === N(1))).toMatchObject({ recipientName: 'Person 2', state: 'busy', error: 'Busy', reason: { code: 'busy' }, answeredAt: null });
    expect(calls.find((r) => r.e164 === N(3))).toMatchObject({ state: 'completed', error: null, reason: null, answeredBy: expect.anything() });
    expect(calls.find((r) => r.e164 === N(3))!.answeredAt).not.toBeNull();

    const texts = await listLogs(t.engine.store, { channel: 'sms', alertId, limit: 100 });
    expect(texts).toHaveLength(5);
    expect(texts.find((r) => r.e164 === N(2))).toMatchObject({
      state: 'failed',
      reason: { code: 'carrier_30005', params: { carrierCode: '30005' } },
      error: expect.stringContaining('Unknown number, or the phone no longer exists (code 30005)'),
    });
    expect(texts.filter((r) => r.state === 'completed')).toHaveLength(3);
  });

  it('filter by contact and by state', async () => {
    expect((await listLogs(t.engine.store, { channel: 'voice', contactId: contactIds[2]!, limit: 100 })).map((r) => r.recipientName)).toEqual(['Person 3']);
    expect((await listLogs(t.engine.store, { channel: 'sms', state: 'failed', limit: 100 })).map((r) => r.recipientName).sort()).toEqual(['Person 2', 'Person 3']);
    expect((await listLogs(t.engine.store, { channel: 'voice', state: 'no_answer', limit: 100 })).map((r) => r.recipientName)).toEqual(['Person 3']);
  });
});

describe('exports of the call-out', () => {
  const now = Date.parse('2026-11-26T13:45:07.000Z');
  const deps = { pdf: null, now: () => now, timeZone: TZ, onSimulator: ON_SIMULATOR };

  it('JSON is the report itself, and the export is audited with its SHA-256', async () => {
    const { files } = await exportReport(t.engine.store, { kind: 'alert_report', alertId, format: 'json' }, ACTOR, deps);
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file).toMatchObject({ fileName: `gdial-larm-${alertId}-rapport.json`, mimeType: 'application/json; charset=utf-8' });
    const bytes = Buffer.from(file!.contentBase64, 'base64');
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(await alertReport(t.engine.store, alertId, now, ON_SIMULATOR));
    expect(file!.sha256).toBe(sha256Hex(bytes));
    expect(await auditOf(file!.sha256)).toMatchObject({
      actorName: 'admin',
      targetType: 'alert',
      targetId: String(alertId),
      details: { kind: 'alert_report', format: 'json', sha256: file!.sha256, rows: 5, alertId },
    });
  });

  it('CSV holds the same figures and one row per recipient', async () => {
    const { files } = await exportReport(t.engine.store, { kind: 'alert_report', alertId, format: 'csv' }, ACTOR, deps);
    const file = files[0]!;
    expect(file).toMatchObject({ fileName: `gdial-larm-${alertId}-rapport.csv`, mimeType: 'text/csv; charset=utf-8' });
    const bytes = Buffer.from(file.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    const [summaryText, tableText] = text.slice(1).split('\r\n\r\n');
    const summary = Object.fromEntries(parse(summaryText!, { relax_column_count: true }) as string[][]);
    expect(summary['Larm-id']).toBe(String(alertId));
    expect(summary['Rubrik']).toBe('Brand i Åby');
    expect(summary['Typ']).toBe('Övning');
    expect(summary['Genererad']).toBe(isoWithOffset(now, TZ));
    expect(summary['Genererad']).toMatch(/^2026-11-26T14:45:07\+01:00$/);
    expect(summary['Tidszon']).toBe(TZ);
    expect(summary['Mottagare']).toBe('5');
    expect(summary['Nådda']).toBe('3');
    expect(summary['Bekräftade']).toBe('2');
    expect(summary['Avböjde']).toBe('1');
    expect(summary['Med misslyckade försök']).toBe('2');
    expect(summary['Kvorum']).toBe('2');
    expect(Number(summary['Tid till kvorum (s)'])).toBe(report.figures.quorumSeconds);
    expect(Number(summary['Tid till första bekräftelse (s)'])).toBe(report.figures.firstConfirmationSeconds);
    // The same value as the console's report page says it (one function: durationWords).
    expect(summary['Tid till första bekräftelse']).toBe(durationWords(report.figures.firstConfirmationSeconds!, 'sv'));
    const [headers, ...rows] = parse(tableText!) as string[][];
    expect(headers).toEqual(SV.doc.recipientColumns);
    expect(rows.map((r) => [r[0], r[1]])).toEqual(report.recipients.map((r) => [r.name, RECIPIENT_STATE_LABEL[r.state]]));
    expect(rows[1]![8]).toBe(report.recipients[1]!.failures.map((f) => failureText(SV, f)).join(' | '));
    expect(await auditOf(file.sha256)).toMatchObject({ details: { kind: 'alert_report', format: 'csv', rows: 5, alertId } });
  });

  it('CSV in the exporting user’s language: English words, no Swedish, the same figures', async () => {
    const { files } = await exportReport(t.engine.store, { kind: 'alert_report', alertId, format: 'csv' }, ACTOR, { ...deps, language: 'en' });
    const file = files[0]!;
    expect(file.fileName).toBe(`gdial-alert-${alertId}-report.csv`);
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    const [summaryText, tableText] = text.slice(1).split('\r\n\r\n');
    const summary = Object.fromEntries(parse(summaryText!, { relax_column_count: true }) as string[][]);
    expect(summary['Type']).toBe('Drill');
    expect(summary['Status']).toBe(EN.alertStates[report.alert.state]);
    expect(Number(summary['Time to first confirmation (s)'])).toBe(report.figures.firstConfirmationSeconds);
    const [headers, ...rows] = parse(tableText!) as string[][];
    expect(headers).toEqual(EN.doc.recipientColumns);
    expect(rows.map((r) => r[1])).toEqual(report.recipients.map((r) => EN.recipientStates[r.state]));
    expect(rows[1]![8]).toContain('The phone is switched off or out of coverage (code 30003)');
    // Nothing Swedish but the alert's own title and the people's names.
    const words = text.replace('Brand i Åby', '');
    expect(words).not.toMatch(/[åäöÅÄÖ]/);
  });

  it('the semicolon variant for Swedish Excel: BOM, semicolons, decimal commas, one .csv file', async () => {
    const { files } = await exportReport(t.engine.store, { kind: 'call_log', query: { alertId }, format: 'csv-excel' }, ACTOR, deps);
    const file = files[0]!;
    expect(file).toMatchObject({ fileName: 'gdial-samtalslogg-2026-11-26.csv', mimeType: 'text/csv; charset=utf-8' });
    const bytes = Buffer.from(file.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes.toString('utf8'), { bom: true, delimiter: ';' }) as string[][];
    expect(header).toEqual(SV.doc.logColumns);
    expect(rows).toHaveLength(5);
    // Times are ISO 8601 in local time with the offset (Stockholm in November: +01:00).
    for (const r of rows) expect(r[10]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/);
    const logs = await listLogs(t.engine.store, { channel: 'voice', alertId, limit: 100 });
    expect(rows.map((r) => r[10])).toEqual(logs.map((l) => isoWithOffset(l.queuedAt, TZ)));
    expect(await auditOf(file.sha256)).toMatchObject({ details: { kind: 'call_log', format: 'csv-excel', rows: 5 } });
  });

  it('call log and SMS log as CSV, named by date, each row an attempt', async () => {
    const calls = (await exportReport(t.engine.store, { kind: 'call_log', query: { alertId }, format: 'csv' }, ACTOR, deps)).files[0]!;
    expect(calls.fileName).toBe('gdial-samtalslogg-2026-11-26.csv');
    const [header, ...rows] = parse(Buffer.from(calls.contentBase64, 'base64').toString('utf8'), { bom: true }) as string[][];
    expect(header![0]).toBe('Försök-id');
    // Numbers start with "+": the formula guard prefixes an apostrophe, which our reader strips.
    expect(rows.map((r) => r[6])).toEqual([N(4), N(3), N(2), N(1), N(0)].map((n) => `'${n}`));
    expect(rows.map((r) => unguardCell(r[6]!))).toEqual([N(4), N(3), N(2), N(1), N(0)]);
    expect(rows.find((r) => r[6] === `'${N(1)}`)!.at(-1)).toBe('Upptaget');
    expect(await auditOf(calls.sha256)).toMatchObject({ details: { kind: 'call_log', format: 'csv', rows: 5, alertId } });
    const texts = (await exportReport(t.engine.store, { kind: 'sms_log', query: { state: 'completed' }, format: 'json' }, ACTOR, deps)).files[0]!;
    expect(texts.fileName).toBe('gdial-sms-logg-2026-11-26.json');
    expect(JSON.parse(Buffer.from(texts.contentBase64, 'base64').toString('utf8'))).toEqual(
      await listLogs(t.engine.store, { channel: 'sms', state: 'completed', limit: 1000 }),
    );
  });

  it('refuses a PDF when there is no renderer, naming GDIAL_CHROMIUM_PATH, and audits nothing', async () => {
    const before = (await listAuditEntries(t.engine.store, { limit: 500 })).length;
    await expect(exportReport(t.engine.store, { kind: 'alert_report', alertId, format: 'pdf' }, ACTOR, deps)).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('GDIAL_CHROMIUM_PATH'),
    });
    expect(await listAuditEntries(t.engine.store, { limit: 500 })).toHaveLength(before);
  });

  const chromium = createChromiumPdf();
  it.skipIf(!chromium)('PDF shows GDial, the alert, every person and their state, and when it was made', async () => {
    const { files } = await exportReport(t.engine.store, { kind: 'alert_report', alertId, format: 'pdf' }, ACTOR, { ...deps, pdf: chromium });
    const file = files[0]!;
    expect(file).toMatchObject({ fileName: `gdial-larm-${alertId}-rapport.pdf`, mimeType: 'application/pdf' });
    const bytes = Buffer.from(file.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('GDial');
    expect(text).toContain('Brand i Åby');
    expect(text).toContain(`Larm-id ${alertId}`);
    expect(text).toContain('ÖVNING');
    expect(text).toContain(`Genererad ${formatLocalTime(now, TZ)}`);
    expect(text).toContain(`Nådda ${report.figures.reached}`);
    expect(text).toContain(`Bekräftade ${report.figures.confirmed}`);
    for (const r of report.recipients) expect(text).toContain(`${r.name} ${RECIPIENT_STATE_LABEL[r.state]}`);
    expect(text).toContain('Upptaget');
    expect(await auditOf(file.sha256)).toMatchObject({ details: { kind: 'alert_report', format: 'pdf', sha256: sha256Hex(bytes), alertId } });
  });

  it.skipIf(!chromium)('the call log as a PDF lists every call', async () => {
    const { files } = await exportReport(t.engine.store, { kind: 'call_log', query: { alertId }, format: 'pdf' }, ACTOR, { ...deps, pdf: chromium });
    expect(files[0]!.fileName).toBe('gdial-samtalslogg-2026-11-26.pdf');
    const text = await pdfText(Buffer.from(files[0]!.contentBase64, 'base64'));
    expect(text).toContain('GDial');
    expect(text).toContain('Samtalslogg');
    for (let i = 0; i < 5; i++) expect(text).toContain(`Person ${i + 1} ${N(i)}`);
    expect(text).toContain('Upptaget');
    expect(text).toContain('Inget svar');
  });
});
});
