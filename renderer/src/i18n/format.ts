import { durationWords } from '@contract';
/**
 * Dates and times in the console's language, in the computer's time zone, with the zone named
 * ("2026-12-06 03:14 CET", "06/12/2026, 03:14 CET"): a duty officer reading a time at 03:00 on
 * the night clocks change must not have to guess which hour it is. The zone's short name is the
 * one the engine's exports print (en-GB's), so screen and paper agree.
 */
const locale = (language: string) => (language === 'en' ? 'en-GB' : 'sv-SE');

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at an instant: "CET", "CEST", "GMT+1". */
export function zoneName(date: Date, timeZone?: string): string {
  const key = timeZone ?? '';
  let f = zoneFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short', ...(timeZone ? { timeZone } : {}) });
    zoneFormatters.set(key, f);
  }
  return f.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? timeZone ?? localTimeZone();
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A date and time of day with the zone: "2026-12-06 03:14 CET". */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  const date = parse(iso);
  if (!date) return iso ?? '';
  const text = new Intl.DateTimeFormat(locale(language), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text} ${zoneName(date)}`;
}

/** Counts with the language's grouping: 100 000 in Swedish, 100,000 in English. */
export function formatCount(n: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE').format(n);
}

/** A file size for people: "820 kB", "4,2 MB". */
export function formatBytes(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'sv-SE';
  if (bytes < 1024 * 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} kB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}

/** A duration for people, the two largest units: "2 h 47 min", "3 min 20 s", "45 s" (the exports' own function). */
export function formatDuration(seconds: number, language: string): string {
  return durationWords(seconds, language === 'en' ? 'en' : 'sv');
}

/** Money in the engine's configured currency: "12,50 kr", "SEK 12.50". */
export function formatMoney(amount: number, currency: string, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'sv-SE';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // A currency code Intl does not know still reads sensibly.
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

/** A decimal rate: "1", "0,5", "2,5". */
export function formatDecimal(n: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2 }).format(n);
}

/** A time of day with seconds and the zone, for events that happen seconds apart: "03:14:05 CET". */
export function formatTime(iso: string | null | undefined, language: string): string {
  const date = parse(iso);
  if (!date) return iso ?? '';
  return `${new Intl.DateTimeFormat(locale(language), { timeStyle: 'medium', hourCycle: 'h23' }).format(date)} ${zoneName(date)}`;
}

/** A run of a schedule, with its weekday and zone: "måndag 12 januari 2026 10:00 CET", in `timeZone` or the computer's zone. */
export function formatRunTime(iso: string, language: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${new Intl.DateTimeFormat(locale(language), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(date)} ${zoneName(date, timeZone)}`;
}

/** A share 0–1 as a percentage: "87 %", "87%". */
export function formatPercent(share: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE', { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** The computer's own time zone, as the console shows local times in it. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
