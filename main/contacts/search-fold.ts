/**
 * Contact search that ignores case and diacritics: "oberg" finds Öberg, "angstrom" finds
 * Ångström, "muller" finds Müller. Done in SQL on columns that exist (no folded column, no
 * schema change): the name through its sort key, whose å/ä/ö placeholders are mapped back to
 * plain letters, and name, organisation and title through a chain of replace() over lower()
 * (contacts-store.ts writes that SQL from the pairs below; here is what the query is folded to).
 */
import { swedishSortKey } from './sort-key';

/** The sort key puts å ä ö after z with these stand-ins; for searching they are plain letters again. */
export const SORT_KEY_STAND_INS: readonly (readonly [string, string])[] = [
  ['{', 'a'],
  ['|', 'a'],
  ['}', 'o'],
];

/** Letters SQLite's lower() leaves alone (it folds ASCII only), as a search sees them. */
export const LETTER_FOLDS: readonly (readonly [string, string])[] = [
  ['å', 'a'], ['Å', 'a'], ['ä', 'a'], ['Ä', 'a'], ['ö', 'o'], ['Ö', 'o'],
  ['é', 'e'], ['É', 'e'], ['è', 'e'], ['ü', 'u'], ['Ü', 'u'], ['æ', 'ae'], ['Æ', 'ae'], ['ø', 'o'], ['Ø', 'o'],
];

/** Lower-case without diacritics: what the query is compared as. */
export function searchFold(text: string): string {
  return text
    .trim()
    .toLocaleLowerCase('sv')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ');
}

/** The query as the sort key's plain-letter form (ü is y there, as Swedes sort it). */
export function sortKeySearchFold(text: string): string {
  return SORT_KEY_STAND_INS.reduce((s, [from, to]) => s.split(from).join(to), swedishSortKey(text));
}
