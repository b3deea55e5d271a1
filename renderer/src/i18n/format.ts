/** Dates and times in the console's language, in the computer's time zone. */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
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
