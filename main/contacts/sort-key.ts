/**
 * Swedish alphabetical order without a custom SQLite collation (better-sqlite3 has none):
 * lower-case, fold accents Swedes ignore when sorting (é → e, ü → y), and move å ä ö after z.
 */
const AFTER_Z: Record<string, string> = { å: '{', ä: '|', æ: '|', ö: '}', ø: '}' };

export function swedishSortKey(text: string): string {
  return text
    .trim()
    .toLocaleLowerCase('sv')
    .replace(/[åäæöø]/g, (ch) => AFTER_Z[ch]!)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ü/g, 'y')
    .replace(/\s+/g, ' ');
}
