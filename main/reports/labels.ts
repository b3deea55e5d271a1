/**
 * The words exports print, in the exporting user's language: states, channels and reasons from
 * the one vocabulary (contract/vocabulary.ts, which the console shows too), and the words only
 * documents need (column headers, headings). Also how exports print times.
 */
import { fillWords, vocabularyIn, type AlertReport, type VocabularyIn, type VocabularyLanguage } from '../contract';
import { localParts, offsetAt } from '../scheduler/zoned-time';

export type ExportLanguage = VocabularyLanguage;

const SV = {
  locale: 'sv-SE',
  report: {
    title: 'Larmrapport',
    kind: 'Rapport',
    kindValue: '{{product}} larmrapport',
    alertId: 'Larm-id',
    heading: 'Rubrik',
    type: 'Typ',
    carrier: 'Operatör',
    simulator: 'Simulator – ingen riktig telefon ringer',
    state: 'Status',
    channels: 'Kanaler',
    createdAt: 'Skapat',
    startedAt: 'Startat',
    finishedAt: 'Avslutat',
    createdBy: 'Skapat av',
    approvedBy: 'Godkänt av',
    contentSha256: 'Meddelandets SHA-256',
    burnedAt: 'Meddelandet bränt',
    generatedAt: 'Genererad',
    timeZone: 'Tidszon',
    figuresHeading: 'Nyckeltal',
    figuresCaption: 'Utfall för larm {{id}} (tider räknade från start)',
    peopleHeading: 'Mottagare',
    peopleCaption: '{{count}} mottagare',
    inDoubtNote: 'oklar status',
    declinedAt: 'Avböjde {{at}}',
    missing: 'saknas',
    fileName: 'gdial-larm-{{id}}-rapport',
  },
  figures: {
    recipients: 'Mottagare',
    reached: 'Nådda',
    confirmed: 'Bekräftade',
    declined: 'Avböjde',
    unreached: 'Nåddes inte',
    canceled: 'Avbrutna',
    failed: 'Med misslyckade försök',
    inDoubt: 'Med oklar status',
    callsPlaced: 'Samtal ringda',
    callsAnswered: 'Samtal besvarade',
    smsSent: 'Sms skickade',
    smsDelivered: 'Sms levererade',
    firstConfirmationSeconds: 'Tid till första bekräftelse',
    quorum: 'Kvorum',
    quorumSeconds: 'Tid till kvorum',
  } satisfies Record<keyof AlertReport['figures'], string>,
  recipientColumns: ['Namn', 'Status', 'Nådd', 'Bekräftad', 'Bekräftad via', 'Avböjde', 'Försök', 'Oklar status', 'Misslyckade försök'],
  pdfRecipientColumns: { name: 'Namn', state: 'Status', reached: 'Nådd', answer: 'Svar', attempts: 'Försök', failures: 'Misslyckade försök' },
  logColumns: [
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
  ],
  pdfLogColumns: { queued: 'Köad', alert: 'Larm', recipient: 'Mottagare', number: 'Nummer', purpose: 'Syfte', state: 'Status', answered: 'Svarad', delivered: 'Levererad', duration: 'Längd (s)', segments: 'Segment', reason: 'Orsak' },
  logs: {
    voiceTitle: 'Samtalslogg',
    smsTitle: 'SMS-logg',
    voiceFile: 'gdial-samtalslogg',
    smsFile: 'gdial-sms-logg',
    caption: '{{count}} rader, nyast först',
    drill: 'övning',
    selection: 'Urval',
    all: 'alla',
    from: 'Från och med',
    to: 'Till',
    alertId: 'Larm-id',
    contactId: 'Kontakt-id',
    state: 'Status',
  },
  auditColumns: ['Id', 'Tid', 'Användar-id', 'Användare', 'Händelse', 'Händelsekod', 'Objekttyp', 'Objekt-id', 'Detaljer', 'Föregående hash', 'Hash'],
  auditFile: 'gdial-granskningslogg',
  footer: 'Genererad {{at}} ({{zone}}) av {{product}}.',
};

type DocumentWords = typeof SV;

const EN: DocumentWords = {
  locale: 'en-GB',
  report: {
    title: 'Alert report',
    kind: 'Report',
    kindValue: '{{product}} alert report',
    alertId: 'Alert ID',
    heading: 'Title',
    type: 'Type',
    carrier: 'Carrier',
    simulator: 'Simulator – no real phone will ring',
    state: 'Status',
    channels: 'Channels',
    createdAt: 'Created',
    startedAt: 'Started',
    finishedAt: 'Finished',
    createdBy: 'Created by',
    approvedBy: 'Approved by',
    contentSha256: 'Message SHA-256',
    burnedAt: 'Message burned',
    generatedAt: 'Generated',
    timeZone: 'Time zone',
    figuresHeading: 'Key figures',
    figuresCaption: 'Outcome of alert {{id}} (times counted from the start)',
    peopleHeading: 'Recipients',
    peopleCaption: '{{count}} recipients',
    inDoubtNote: 'uncertain status',
    declinedAt: 'Declined {{at}}',
    missing: 'none',
    fileName: 'gdial-alert-{{id}}-report',
  },
  figures: {
    recipients: 'Recipients',
    reached: 'Reached',
    confirmed: 'Confirmed',
    declined: 'Declined',
    unreached: 'Not reached',
    canceled: 'Cancelled',
    failed: 'With failed attempts',
    inDoubt: 'With uncertain status',
    callsPlaced: 'Calls placed',
    callsAnswered: 'Calls answered',
    smsSent: 'SMS sent',
    smsDelivered: 'SMS delivered',
    firstConfirmationSeconds: 'Time to first confirmation',
    quorum: 'Quorum',
    quorumSeconds: 'Time to quorum',
  },
  recipientColumns: ['Name', 'Status', 'Reached', 'Confirmed', 'Confirmed via', 'Declined', 'Attempts', 'Uncertain status', 'Failed attempts'],
  pdfRecipientColumns: { name: 'Name', state: 'Status', reached: 'Reached', answer: 'Answer', attempts: 'Attempts', failures: 'Failed attempts' },
  logColumns: [
    'Attempt ID',
    'Alert ID',
    'Alert',
    'Type',
    'Recipient',
    'Contact ID',
    'Number',
    'Channel',
    'Purpose',
    'Status',
    'Queued',
    'Sent',
    'Answered',
    'Finished',
    'Duration (s)',
    'Segments',
    'Answered by',
    'Reason',
  ],
  pdfLogColumns: { queued: 'Queued', alert: 'Alert', recipient: 'Recipient', number: 'Number', purpose: 'Purpose', state: 'Status', answered: 'Answered', delivered: 'Delivered', duration: 'Duration (s)', segments: 'Segments', reason: 'Reason' },
  logs: {
    voiceTitle: 'Call log',
    smsTitle: 'SMS log',
    voiceFile: 'gdial-call-log',
    smsFile: 'gdial-sms-log',
    caption: '{{count}} rows, newest first',
    drill: 'drill',
    selection: 'Selection',
    all: 'all',
    from: 'From',
    to: 'Until',
    alertId: 'Alert ID',
    contactId: 'Contact ID',
    state: 'Status',
  },
  auditColumns: ['ID', 'Time', 'User ID', 'User', 'Event', 'Event code', 'Object type', 'Object ID', 'Details', 'Previous hash', 'Hash'],
  auditFile: 'gdial-audit-log',
  footer: 'Generated {{at}} ({{zone}}) by {{product}}.',
};

export type ExportWords = VocabularyIn & { doc: DocumentWords; language: ExportLanguage };

const cache = new Map<ExportLanguage, ExportWords>();

/** Every word an export prints, in one language. */
export function exportWords(language: ExportLanguage): ExportWords {
  let words = cache.get(language);
  if (!words) {
    words = { ...vocabularyIn(language), doc: language === 'en' ? EN : SV, language };
    cache.set(language, words);
  }
  return words;
}

/** `{{name}}` filled in, as the vocabulary's words are. */
export const fillDoc = fillWords;

export const drillWord = (w: ExportWords, drill: boolean) => w.alertKinds[drill ? 'drill' : 'live'];

export const processTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const two = (n: number) => String(n).padStart(2, '0');

/**
 * ISO 8601 in the zone's local time with its offset ("2026-12-06T03:14:00+01:00"): what a CSV
 * carries, so a spreadsheet shows the wall clock and nothing is lost.
 */
export function isoWithOffset(isoOrMs: string | number, timeZone: string): string {
  const ms = new Date(isoOrMs).getTime();
  const l = localParts(ms, timeZone);
  const offsetMinutes = Math.round(offsetAt(ms, timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${l.year}-${two(l.month)}-${two(l.day)}T${two(l.hour)}:${two(l.minute)}:${two(l.second)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export const isoWithOffsetOrNull = (value: string | null, timeZone: string) => (value === null ? null : isoWithOffset(value, timeZone));

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at an instant ("CET", "CEST", "GMT+1"), as the console names it. */
export function zoneName(isoOrMs: string | number, timeZone: string): string {
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    zoneFormatters.set(timeZone, f);
  }
  return f.formatToParts(new Date(isoOrMs)).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** "2026-11-26 14:03:12 CET": local time with the zone named, as documents are read on the wall clock. */
export function formatLocalTime(isoOrMs: string | number, timeZone: string): string {
  const l = localParts(new Date(isoOrMs).getTime(), timeZone);
  return `${l.year}-${two(l.month)}-${two(l.day)} ${two(l.hour)}:${two(l.minute)}:${two(l.second)} ${zoneName(isoOrMs, timeZone)}`;
}

/** The local date for file names: "2026-11-26". */
export function localDate(ms: number, timeZone: string): string {
  const l = localParts(ms, timeZone);
  return `${l.year}-${two(l.month)}-${two(l.day)}`;
}
