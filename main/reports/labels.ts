/** The words reports print (Swedish, the control room's language), and how they print times. */
import type { AlertReport, AttemptState, Channel } from '../contract';

export const RECIPIENT_STATE_LABEL: Record<AlertReport['recipients'][number]['state'], string> = {
  pending: 'Väntar',
  confirmed: 'Bekräftad',
  declined: 'Avböjde',
  unreached: 'Ej nådd',
  canceled: 'Avbruten',
};

export const ATTEMPT_STATE_LABEL: Record<AttemptState, string> = {
  queued: 'Köad',
  submitting: 'Skickas',
  submitted: 'Skickad',
  ringing: 'Ringer',
  in_progress: 'Pågår',
  completed: 'Genomförd',
  busy: 'Upptaget',
  no_answer: 'Inget svar',
  failed: 'Misslyckades',
  canceled: 'Avbruten',
  in_doubt: 'Oklar status',
};

export const ALERT_STATE_LABEL: Record<AlertReport['alert']['state'], string> = {
  pending_approval: 'Väntar på godkännande',
  queued: 'Köat',
  running: 'Pågår',
  completed: 'Avslutat',
  canceled: 'Avbrutet',
  expired: 'Gick ut',
};

export const CHANNEL_LABEL: Record<Channel, string> = { voice: 'Samtal', sms: 'SMS' };
export const PURPOSE_LABEL = { alert: 'Larm', stand_down: 'Avblåsning' } as const;
export const drillLabel = (drill: boolean) => (drill ? 'Övning' : 'Skarpt larm');

/** The figures in the order every format prints them. */
export const FIGURE_LABELS: Array<[keyof AlertReport['figures'], string]> = [
  ['recipients', 'Mottagare'],
  ['reached', 'Nådda'],
  ['confirmed', 'Bekräftade'],
  ['declined', 'Avböjde'],
  ['unreached', 'Ej nådda'],
  ['canceled', 'Avbrutna'],
  ['failed', 'Med misslyckade försök'],
  ['inDoubt', 'Med oklar status'],
  ['callsPlaced', 'Samtal ringda'],
  ['callsAnswered', 'Samtal besvarade'],
  ['smsSent', 'SMS skickade'],
  ['smsDelivered', 'SMS levererade'],
  ['firstConfirmationSeconds', 'Första bekräftelse (s)'],
  ['quorum', 'Kvorum'],
  ['quorumSeconds', 'Kvorum uppnått efter (s)'],
];

export const processTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string, withZone: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(withZone ? { timeZoneName: 'short' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "2026-11-26 14:03:12" in the operator's zone; printed documents are read on the wall clock. */
export function formatLocalTime(isoOrMs: string | number, timeZone: string, withZone = false): string {
  return formatterFor(timeZone, withZone).format(new Date(isoOrMs));
}

/** The local date for file names: "2026-11-26". */
export function localDate(ms: number, timeZone: string): string {
  return formatLocalTime(ms, timeZone).slice(0, 10);
}
