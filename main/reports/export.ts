/**
 * Exports of the alert report, the call and SMS logs and the audit trail as CSV, JSON or PDF.
 * Every export is recorded in the audit log with the SHA-256 of what left GDial; the audit
 * trail's own export comes with a manifest naming its hash, its rows and the chain's head.
 */
import { createHash } from 'node:crypto';
import type { LogRow, ReportExportInput, ReportExportResult } from '../contract';
import { recordAudit, type Actor, type AuditRecord } from '../audit/audit-log';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import { AppError } from '../errors';
import { alertReport } from './alert-report';
import { auditManifest, readAuditSnapshot } from './audit-export';
import { exportWords, fillDoc, formatLocalTime, localDate, processTimeZone, type ExportLanguage, type ExportWords } from './labels';
import { allLogs, type LogFilter } from './logs';
import type { PdfPort } from './pdf-port';
import { auditCsv, logsCsv, reportCsv } from './report-csv';
import { logsHtml, reportHtml } from './report-html';

export interface ExportDeps {
  /** Null when no PDF renderer is available (no Chromium found); PDF exports then refuse. */
  pdf: PdfPort | null;
  now: () => number;
  productName?: string;
  /** The zone printed times are shown in; the process's own by default. */
  timeZone?: string;
  /** The exporting user's language: every word in the files is in it (Swedish by default). */
  language?: ExportLanguage;
  /** Whether a drill, or a live alert, goes to a simulator (the report says no real phone rang). */
  onSimulator: (drill: boolean) => boolean;
}

type ExportFile = ReportExportResult['files'][number];
type Format = ReportExportInput['format'];

/** A PDF of more rows than this is no longer a document anyone reads; CSV holds any number. */
export const PDF_MAX_LOG_ROWS = 5000;

const MIME: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  'csv-excel': 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
};

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function fileOf(fileName: string, format: Format, bytes: Buffer): ExportFile {
  return { fileName, mimeType: MIME[format], contentBase64: bytes.toString('base64'), sha256: sha256Hex(bytes) };
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

export function pdfUnavailable(): AppError {
  return new AppError(
    'unavailable',
    'PDF export needs Chromium, Google Chrome or Microsoft Edge, and none was found on this computer. ' +
      'Install one, or set GDIAL_CHROMIUM_PATH to its executable and restart GDial. CSV and JSON exports work without it.',
    { code: 'reports.pdf_unavailable' },
  );
}

/** Every row of a log in one unit, so a long export is one moment's data. */
function logRows(q: Queryable, filter: LogFilter): Promise<LogRow[]> {
  return q.unit(async (tx) => {
    const rows: LogRow[] = [];
    for await (const row of allLogs(tx, filter)) rows.push(row);
    return rows;
  });
}

interface Ctx {
  productName: string;
  timeZone: string;
  words: ExportWords;
  now: number;
  /** The local date for file names. */
  date: string;
}

/** One data file before it is hashed and audited. */
interface Made {
  bytes: Buffer;
  fileName: string;
  rows: number;
  target: NonNullable<AuditRecord['target']>;
  alertId?: number;
}

export async function exportReport(q: Queryable, input: ReportExportInput, actor: Actor, deps: ExportDeps): Promise<ReportExportResult> {
  if (input.format === 'pdf' && !deps.pdf) throw pdfUnavailable();
  const now = deps.now();
  const timeZone = deps.timeZone ?? processTimeZone();
  const ctx: Ctx = { productName: deps.productName ?? 'GDial', timeZone, words: exportWords(deps.language ?? 'sv'), now, date: localDate(now, timeZone) };
  if (input.kind === 'audit_log') return exportAuditTrail(q, input.format, actor, ctx);

  const made = input.kind === 'alert_report' ? await alertReportFile(q, input.alertId, input.format, deps, ctx) : await logFile(q, input, deps.pdf, ctx);
  const file = fileOf(made.fileName, input.format, made.bytes);
  // Recorded once the file exists: a failed render leaves no trace of an export that never was.
  await q.unit((tx) =>
    recordAudit(tx, actor, {
      action: 'reports.export',
      target: made.target,
      details: {
        kind: input.kind,
        format: input.format,
        fileName: file.fileName,
        sha256: file.sha256,
        rows: made.rows,
        ...(made.alertId !== undefined ? { alertId: made.alertId } : {}),
        ...(input.kind !== 'alert_report' ? { query: input.query } : {}),
      },
    }),
  );
  return { files: [file] };
}

async function alertReportFile(q: Queryable, alertId: number, format: Format, deps: ExportDeps, ctx: Ctx): Promise<Made> {
  const { pdf } = deps;
  const report = await alertReport(q, alertId, ctx.now, deps.onSimulator);
  const bytes =
    format === 'json' ? json(report) : format === 'pdf' ? await pdf!.render(reportHtml(report, ctx)) : Buffer.from(reportCsv(report, ctx.productName, csvOptions(ctx, format)), 'utf8');
  return {
    bytes,
    fileName: `${fillDoc(ctx.words.doc.report.fileName, { id: report.alert.id })}.${extension(format)}`,
    rows: report.recipients.length,
    target: { type: 'alert', id: report.alert.id },
    alertId: report.alert.id,
  };
}

async function logFile(q: Queryable, input: Extract<ReportExportInput, { kind: 'call_log' | 'sms_log' }>, pdf: PdfPort | null, ctx: Ctx): Promise<Made> {
  const channel = input.kind === 'call_log' ? 'voice' : 'sms';
  const filter: LogFilter = { ...input.query, channel };
  const rows = await logRows(q, filter);
  if (input.format === 'pdf' && rows.length > PDF_MAX_LOG_ROWS) {
    throw new AppError(
      'validation',
      `The ${channel === 'voice' ? 'call' : 'SMS'} log has ${rows.length} rows for this selection; a PDF holds at most ${PDF_MAX_LOG_ROWS}. ` +
        'Narrow the time range or export CSV.',
      { code: 'reports.too_many_rows_for_pdf', params: { rows: rows.length, limit: PDF_MAX_LOG_ROWS } },
    );
  }
  const l = ctx.words.doc.logs;
  const title = channel === 'voice' ? l.voiceTitle : l.smsTitle;
  const bytes =
    input.format === 'json'
      ? json(rows)
      : input.format === 'pdf'
        ? await pdf!.render(logsHtml(rows, { ...ctx, title, channel, filters: describeFilter(filter, ctx), generatedAt: iso(ctx.now) }))
        : Buffer.from(logsCsv(rows, csvOptions(ctx, input.format)).content, 'utf8');
  return {
    bytes,
    fileName: `${channel === 'voice' ? l.voiceFile : l.smsFile}-${ctx.date}.${extension(input.format)}`,
    rows: rows.length,
    target: { type: input.kind, id: 'selection' },
    ...(filter.alertId !== undefined ? { alertId: filter.alertId } : {}),
  };
}

/** Rows, head and the audit row recording the export: one unit, so nothing slips between. */
function exportAuditTrail(q: Queryable, format: 'csv' | 'csv-excel' | 'json', actor: Actor, ctx: Ctx): Promise<ReportExportResult> {
  return q.unit(async (tx) => {
    const trail = await readAuditSnapshot(tx);
    const fileName = `${ctx.words.doc.auditFile}-${ctx.date}.${extension(format)}`;
    const data = fileOf(fileName, format, format === 'json' ? json(trail.rows) : Buffer.from(auditCsv(trail.rows, csvOptions(ctx, format)), 'utf8'));
    const manifest = auditManifest(fileName, data.sha256, trail, iso(ctx.now));
    const manifestFile = fileOf(`${fileName}.manifest.json`, 'json', json(manifest));
    await recordAudit(tx, actor, {
      action: 'reports.export',
      target: { type: 'audit_log', id: 'all' },
      details: {
        kind: 'audit_log',
        format,
        fileName,
        sha256: data.sha256,
        rows: manifest.rows,
        firstId: manifest.firstId,
        lastId: manifest.lastId,
        headHash: manifest.headHash,
        manifestSha256: manifestFile.sha256,
      },
    });
    return { files: [data, manifestFile] };
  });
}

function describeFilter(filter: LogFilter, ctx: Ctx): Array<[string, string]> {
  const l = ctx.words.doc.logs;
  const out: Array<[string, string]> = [];
  if (filter.from) out.push([l.from, formatLocalTime(filter.from, ctx.timeZone)]);
  if (filter.to) out.push([l.to, formatLocalTime(filter.to, ctx.timeZone)]);
  if (filter.alertId !== undefined) out.push([l.alertId, String(filter.alertId)]);
  if (filter.contactId !== undefined) out.push([l.contactId, String(filter.contactId)]);
  if (filter.state !== undefined) out.push([l.state, ctx.words.attemptStates[filter.state]]);
  return out;
}

/** Both CSV variants are .csv files; `csv-excel` is the one for Swedish Excel. */
const extension = (format: Format) => (format === 'csv-excel' ? 'csv' : format);

const csvOptions = (ctx: Ctx, variant: 'csv' | 'csv-excel') => ({ words: ctx.words, timeZone: ctx.timeZone, variant });
