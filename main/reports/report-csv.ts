/** The report, the logs and the audit trail as CSV tables (times in ISO 8601 UTC, as in JSON). */
import type { AlertReport, LogRow } from '../contract';
import type { AuditExportRow } from './audit-export';
import { csvTable, type Cell } from './csv-table';
import {
  ALERT_STATE_LABEL,
  ATTEMPT_STATE_LABEL,
  CHANNEL_LABEL,
  drillLabel,
  FIGURE_LABELS,
  PURPOSE_LABEL,
  RECIPIENT_STATE_LABEL,
} from './labels';

export const REPORT_RECIPIENT_HEADERS = [
  'Namn',
  'Status',
  'Nådd',
  'Bekräftad',
  'Bekräftad via',
  'Avböjde',
  'Försök',
  'Oklar status',
  'Misslyckade försök',
];

/** A summary block (alert, then figures), a blank line, then one row per recipient. */
export function reportCsv(report: AlertReport, productName: string): string {
  const a = report.alert;
  const summary: Cell[][] = [
    ['Rapport', `${productName} larmrapport`],
    ['Larm-id', a.id],
    ['Rubrik', a.title],
    ['Typ', drillLabel(a.drill)],
    ['Status', ALERT_STATE_LABEL[a.state]],
    ['Kanaler', a.channels.map((c) => CHANNEL_LABEL[c]).join(' + ')],
    ['Skapat', a.createdAt],
    ['Startat', a.startedAt],
    ['Avslutat', a.finishedAt],
    ['Skapat av', a.createdBy],
    ['Godkänt av', a.approvedBy],
    ['Meddelandets SHA-256', a.contentSha256],
    ['Bränt', a.burnedAt],
    ['Genererad', report.generatedAt],
    ...FIGURE_LABELS.map(([key, label]): Cell[] => [label, report.figures[key]]),
  ];
  const people = report.recipients.map((r): Cell[] => [
    r.name,
    RECIPIENT_STATE_LABEL[r.state],
    r.reachedAt,
    r.confirmedAt,
    r.confirmedVia ? CHANNEL_LABEL[r.confirmedVia] : null,
    r.declinedAt,
    r.attempts,
    r.inDoubt,
    r.failures.join(' | '),
  ]);
  return csvTable([...summary, [], REPORT_RECIPIENT_HEADERS, ...people]);
}

export const LOG_HEADERS = [
  'Försök-id',
  'Larm-id',
  'Larm',
  'Typ',
  'Mottagare',
  'Kontakt-id',
  'Nummer',
  'Kanal',
  'Syfte',
  'Status',
  'Köad',
  'Skickad',
  'Svarad',
  'Avslutad',
  'Längd (s)',
  'Segment',
  'Svarade',
  'Orsak',
];

export function logsCsv(rows: Iterable<LogRow>): { content: string; rows: number } {
  const lines: Cell[][] = [LOG_HEADERS];
  for (const r of rows) {
    lines.push([
      r.attemptId,
      r.alertId,
      r.alertTitle,
      drillLabel(r.drill),
      r.recipientName,
      r.contactId,
      r.e164,
      CHANNEL_LABEL[r.channel],
      PURPOSE_LABEL[r.purpose],
      ATTEMPT_STATE_LABEL[r.state],
      r.queuedAt,
      r.submittedAt,
      r.answeredAt,
      r.finishedAt,
      r.durationS,
      r.segments,
      r.answeredBy,
      r.error,
    ]);
  }
  return { content: csvTable(lines), rows: lines.length - 1 };
}

export const AUDIT_HEADERS = ['Id', 'Tid', 'Användar-id', 'Användare', 'Händelse', 'Objekttyp', 'Objekt-id', 'Detaljer', 'Föregående hash', 'Hash'];

export function auditCsv(rows: AuditExportRow[]): string {
  return csvTable([
    AUDIT_HEADERS,
    ...rows.map((r): Cell[] => [r.id, r.at, r.actorId, r.actorName, r.action, r.targetType, r.targetId, JSON.stringify(r.details), r.prevHash, r.hash]),
  ]);
}
