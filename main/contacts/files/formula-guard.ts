/**
 * Formula-injection guard for CSV cells (OWASP "CSV Injection"): a cell starting with = + - @,
 * tab, CR or LF gets a leading apostrophe so a spreadsheet reads it as text.
 *
 * What the apostrophe does on the other side, from public reports (not verified on a machine
 * here): when Excel OPENS a CSV it does not treat the apostrophe as its hidden "quote prefix"
 * (that only happens for typed input) — the cell shows `'+46701234567` literally (see
 * apache/superset#13735, Jaspersoft/jasperreports#481), and it stays in the file if the
 * operator saves it again. Several libraries' docs claim it is invisible; practitioners who
 * tried say otherwise. So our reader strips the apostrophe it finds in front of a trigger
 * character: a number exported as `'+46…` and re-imported, even after a round through Excel,
 * comes back as `+46…`.
 *
 * To make write → read exact for every value, a value that already starts with apostrophes
 * followed by a trigger (`'=x`) gets one more, and the reader removes exactly one.
 */

const NEEDS_GUARD = /^'*[=+\-@\t\r\n]/;
const GUARDED = /^'+[=+\-@\t\r\n]/;

export function guardCell(value: string): string {
  return NEEDS_GUARD.test(value) ? `'${value}` : value;
}

export function unguardCell(value: string): string {
  // Nearly no cell starts with an apostrophe: skip the regex for a 100,000-row file's cells.
  return value.charCodeAt(0) === 0x27 && GUARDED.test(value) ? value.slice(1) : value;
}
