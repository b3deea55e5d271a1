/**
 * The report, the logs and the audit trail as CSV tables, in the exporting user's language.
 * Times are ISO 8601 in the zone's local time with the offset (2026-12-06T03:14:00+01:00);
 * states and reasons are the vocabulary's words, the same the console shows.
 */
import { auditActionKey, durationWords, type AlertReport, type LogRow } from '../contract';
import { reasonWords } from '../dispatch/carrier-reasons';
import type { AuditExportRow } from './audit-export';
import { csvTable, type Cell, type CsvVariant } from './csv-table';
import { drillWord, fillDoc, isoWithOffset, isoWithOffsetOrNull, type ExportWords } from './labels';

export interface CsvOptions {
  words: ExportWords;
  timeZone: string;
  variant: CsvVariant;
}

/** A failed attempt as one line: "Sms +46701234567: Telefonen är avstängd … (kod 30003)". */
export function failureText(w: ExportWords, f: AlertReport['recipients'][number]['failures'][number]): string {
  const what = f.purpose === 'stand_down' ? `${w.channels[f.channel]} (${w.purposes.stand_down.toLowerCase()})` : w.channels[f.channel];
  return `${what} ${f.e164}: ${reasonWords(w.language, f.reason)}`;
}

const DURATIONS: ReadonlySet<keyof AlertReport['figures']> = new Set(['firstConfirmationSeconds', 'quorumSeconds']);

const yesNo = (w: ExportWords, value: boolean) => w.yesNo[value ? 'yes' : 'no'];

/** A summary block (alert, then figures), a blank line, then one row per recipient. */
export function reportCsv(report: AlertReport, productName: string, o: CsvOptions): string {
  const { words: w, timeZone: tz } = o;
  const d = w.doc.report;
  const a = report.alert;
  const at = (value: string | null) => isoWithOffsetOrNull(value, tz);
  const summary: Cell[][] = [
    [d.kind, fillDoc(d.kindValue, { product: productName })],
    [d.alertId, a.id],
    [d.heading, a.title],
    [d.type, drillWord(w, a.drill)],
    ...(a.onSimulator ? [[d.carrier, d.simulator]] : []),
    [d.state, w.alertStates[a.state]],
    [d.channels, a.channels.map((c) => w.channels[c]).join(' + ')],
    [d.createdAt, at(a.createdAt)],
    [d.startedAt, at(a.startedAt)],
    [d.finishedAt, at(a.finishedAt)],
    [d.createdBy, a.createdBy],
    [d.approvedBy, a.approvedBy],
    [d.contentSha256, a.contentSha256],
    [d.burnedAt, at(a.burnedAt)],
    [d.generatedAt, at(report.generatedAt)],
    [d.timeZone, tz],
    ...(Object.keys(w.doc.figures) as Array<keyof AlertReport['figures']>).flatMap((key): Cell[][] => {
      const value = report.figures[key];
      // A duration as the console and the PDF say it, then the same whole seconds for sums.
      if (!DURATIONS.has(key)) return [[w.doc.figures[key], value]];
      return [
        [w.doc.figures[key], value === null ? null : durationWords(value, w.language)],
        [`${w.doc.figures[key]} (s)`, value],
      ];
    }),
  ];
  const people = report.recipients.map((r): Cell[] => [
    r.name,
    w.recipientStates[r.state],
    at(r.reachedAt),
    at(r.confirmedAt),
    r.confirmedVia ? w.channels[r.confirmedVia] : null,
    at(r.declinedAt),
    r.attempts,
    yesNo(w, r.inDoubt),
    r.failures.map((f) => failureText(w, f)).join(' | '),
  ]);
  return csvTable([...summary, [], w.doc.recipientColumns, ...people], o.variant);
}

/** Twilio's AnsweredBy in words; a value the vocabulary does not know is printed as given. */
export function answeredByWord(w: ExportWords, answeredBy: string | null): string | null {
  if (answeredBy === null) return null;
  return (w.answeredBy as Record<string, string>)[answeredBy] ?? answeredBy;
}

export function logsCsv(rows: Iterable<LogRow>, o: CsvOptions): { content: string; rows: number } {
  const { words: w, timeZone: tz } = o;
  const lines: Cell[][] = [w.doc.logColumns];
  for (const r of rows) {
    lines.push([
      r.attemptId,
      r.alertId,
      r.alertTitle,
      drillWord(w, r.drill),
      r.recipientName,
      r.contactId,
      r.e164,
      w.channels[r.channel],
      w.purposes[r.purpose],
      w.attemptStates[r.state],
      isoWithOffset(r.queuedAt, tz),
      isoWithOffsetOrNull(r.submittedAt, tz),
      isoWithOffsetOrNull(r.answeredAt, tz),
      isoWithOffsetOrNull(r.finishedAt, tz),
      r.durationS,
      r.segments,
      answeredByWord(w, r.answeredBy),
      r.reason ? reasonWords(w.language, r.reason) : null,
    ]);
  }
  return { content: csvTable(lines, o.variant), rows: lines.length - 1 };
}

/** The event in words beside its code (the code is what the chain seals); times with offset. */
export function auditCsv(rows: AuditExportRow[], o: CsvOptions): string {
  return csvTable(
    [
      o.words.doc.auditColumns,
      ...rows.map((r): Cell[] => [
        r.id,
        isoWithOffset(r.at, o.timeZone),
        r.actorId,
        r.actorName,
        (o.words.auditActions as Record<string, string>)[auditActionKey(r.action)] ?? r.action,
        r.action,
        r.targetType,
        r.targetId,
        JSON.stringify(r.details),
        r.prevHash,
        r.hash,
      ]),
    ],
    o.variant,
  );
}
