/**
 * CAP 1.2 out: one alert as an OASIS CAP message, for the report page's download and the API
 * (`reports.cap`).
 *
 * Choices a consumer relies on:
 * - `identifier` is stable per alert (`gdial-<alert id>-<12 hex of the launch key's SHA-256>`), so
 *   exporting the same alert twice names the same message; a cancelled alert is exported as a
 *   `Cancel` with its own identifier (`…-cancel`) whose `references` name the `Alert` message, so a
 *   consumer that took the first export withdraws it, as CAP asks. Both carry the same `incidents`.
 * - `sent` is when the call-out started (the Cancel: when it ended), in UTC written `-00:00`, as
 *   CAP 1.2 (3.3.2) requires for UTC; `status` is `Exercise` for drills, else `Actual`.
 * - `scope` is `Restricted`: a call-out record is for the organisation, not the public.
 * - One `<info>` per language the message exists in: a GDial alert has one message in one
 *   language (sv or en); people called in the other language hear only the fixed phrases in
 *   theirs. headline = title, description = the SMS text (else the spoken text), the spoken text
 *   as a parameter when it differs.
 * - After a burn nothing of the message leaves GDial: no description, spoken text or inbound
 *   alarm's area (the burn erased them). What the burn keeps everywhere else stays here too: the
 *   title as the headline, the alarm's event, severity and urgency. The note says when it burned.
 */
import { createHash } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import type { Actor } from '../../audit/audit-log';
import { recordAudit } from '../../audit/audit-log';
import { capSeveritySchema, capUrgencySchema } from '../../contract';
import type { Queryable } from '../../db/store';
import { notFound } from '../../errors';
import { validateCap, CAP_NAMESPACE } from './cap-schema';
import { capAlarmOfAlert, capAlertRow, type CapAlarmRow, type CapAlertRow } from './cap-store';

export interface CapExportOptions {
  /** CAP `sender`: `gdial@<workstation>` (no spaces, commas, `<` or `&`, as CAP asks). */
  sender: string;
  /** This workstation's name, in `senderName`. */
  workstation: string;
  version: string;
  /** When a cancelled alert has no end time (should not happen): the Cancel's `sent`. */
  now: () => number;
}

export interface CapExport {
  fileName: string;
  xml: string;
}

/** A CAP-safe sender from a workstation name: letters, digits, dot, dash and underscore. */
export function capSender(workstation: string): string {
  const ascii = workstation.normalize('NFD').replace(/\p{M}/gu, '');
  const host = ascii.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'workstation';
  return `gdial@${host}`;
}

/** CAP 1.2 dateTime: no fractional seconds, no `Z`; UTC is written `-00:00`. */
export const capTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}-00:00`;

/** Characters XML 1.0 cannot carry at all (the contract's text rules do not exclude them). */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlText = (text: string) => text.replace(NOT_XML, '').trim();

const WORDS = {
  sv: { language: 'sv-SE', event: 'Utlarmning', drillEvent: 'Övningslarm' },
  en: { language: 'en-US', event: 'Call-out', drillEvent: 'Drill call-out' },
} as const;

const builder = new XMLBuilder({ format: true, indentBy: '  ', ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

const param = (valueName: string, value: string | number) => ({ valueName, value: String(value) });

function identifierBase(row: CapAlertRow): string {
  return `gdial-${row.id}-${createHash('sha256').update(row.launchKey).digest('hex').slice(0, 12)}`;
}

function noteOf(row: CapAlertRow, cancelled: boolean): string | undefined {
  const notes: string[] = [];
  if (row.drill === 1) notes.push('Drill (övning): no real emergency.');
  if (row.state === 'pending_approval') notes.push('Waiting for a second operator to approve it: nothing has gone out yet.');
  if (cancelled) notes.push(`The call-out was cancelled${row.finishedAt !== null ? ` at ${capTime(row.finishedAt)}` : ''}.`);
  if (row.burnedAt !== null) notes.push(`The message was burned at ${capTime(row.burnedAt)}: GDial keeps none of its text.`);
  return notes.length > 0 ? notes.join(' ') : undefined;
}

function infoOf(row: CapAlertRow, alarm: CapAlarmRow | undefined, opts: CapExportOptions, sent: string) {
  const words = WORDS[row.language] ?? WORDS.sv;
  const burned = row.burnedAt !== null;
  const severity = capSeveritySchema.safeParse(alarm?.severity);
  const urgency = capUrgencySchema.safeParse(alarm?.urgency);
  const text = burned ? '' : xmlText(row.smsText) || xmlText(row.voiceText);
  const voice = burned ? '' : xmlText(row.voiceText);
  const event = (alarm ? xmlText(alarm.event) : '') || (row.drill === 1 ? words.drillEvent : words.event);
  const area = !burned && alarm ? xmlText(alarm.area) : '';
  return {
    language: words.language,
    category: 'Other',
    event,
    urgency: urgency.success ? urgency.data : 'Immediate',
    severity: severity.success ? severity.data : 'Unknown',
    certainty: 'Unknown',
    effective: sent,
    expires: row.expiresAt !== null ? capTime(row.expiresAt) : undefined,
    senderName: `GDial (${xmlText(opts.workstation)})`,
    headline: xmlText(row.title) || undefined,
    description: text || undefined,
    parameter: [
      param('GDIAL_ALERT_ID', row.id),
      param('GDIAL_STATE', row.state),
      ...(voice && voice !== text ? [param('GDIAL_VOICE_TEXT', voice)] : []),
      ...(burned ? [param('GDIAL_BURNED_AT', capTime(row.burnedAt!))] : []),
    ],
    area: area ? [{ areaDesc: area }] : undefined,
  };
}

/** The CAP message of an alert as it is now (pure: tests validate it against the schema). */
export function capMessage(row: CapAlertRow, alarm: CapAlarmRow | undefined, opts: CapExportOptions): CapExport {
  const base = identifierBase(row);
  const cancelled = row.state === 'canceled';
  const alertSent = capTime(row.startedAt ?? row.createdAt);
  const sent = cancelled ? capTime(row.finishedAt ?? opts.now()) : alertSent;
  const alert = {
    '@_xmlns': CAP_NAMESPACE,
    identifier: cancelled ? `${base}-cancel` : base,
    sender: opts.sender,
    sent,
    status: row.drill === 1 ? 'Exercise' : 'Actual',
    msgType: cancelled ? 'Cancel' : 'Alert',
    source: `GDial ${opts.version}`,
    scope: 'Restricted',
    restriction: 'A call-out record of the organisation that ran GDial; not for public distribution.',
    note: noteOf(row, cancelled),
    references: cancelled ? `${opts.sender},${base},${alertSent}` : undefined,
    incidents: base,
    info: [infoOf(row, alarm, opts, alertSent)],
  };
  const xml = builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, alert }) as string;
  return { fileName: `gdial-alert-${row.id}-cap.xml`, xml };
}

/**
 * `reports.cap`: the alert's CAP message, checked against the OASIS schema before it leaves (a
 * failure is GDial's bug, answered as internal), and recorded in the audit log like every export.
 */
export async function exportCap(q: Queryable, alertId: number, actor: Actor, opts: CapExportOptions): Promise<CapExport> {
  const { row, alarm } = await q.unit(async (tx) => {
    const row = await capAlertRow(tx, alertId);
    return { row, alarm: row ? await capAlarmOfAlert(tx, alertId) : undefined };
  });
  if (!row) throw notFound('alert', alertId);
  const made = capMessage(row, alarm, opts);
  try {
    await validateCap(made.xml);
  } catch (error) {
    throw new Error(`The CAP export of alert ${row.id} does not validate: ${(error as Error).message}`, { cause: error });
  }
  const sha256 = createHash('sha256').update(made.xml, 'utf8').digest('hex');
  await q.unit((tx) =>
    recordAudit(tx, actor, {
      action: 'reports.export',
      target: { type: 'alert', id: row.id },
      details: { kind: 'alert_cap', format: 'cap-1.2', fileName: made.fileName, sha256, alertId: row.id, msgType: row.state === 'canceled' ? 'Cancel' : 'Alert' },
    }),
  );
  return made;
}
