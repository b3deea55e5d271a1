/** Which column is what, and a table of raw cells to import records through that mapping. */
import type { TableRow } from './csv-read';
import { pairedLabelColumn, ruleFor } from './header-aliases';
import { importError } from './import-error';
import { isUndialable, normalizeKey, parseLanguage, phoneLabel, splitList } from './labels';
import type { ColumnMapping, ContactField, ImportRecord, PhoneEntry } from './types';

export function detectMapping(headers: string[]): ColumnMapping[] {
  const keys = headers.map(normalizeKey);
  const mapping = headers.map((header, column): ColumnMapping => {
    const rule = ruleFor(keys[column] ?? '');
    if (!rule) return { column, header, field: 'ignore' };
    const mapped: ColumnMapping = { column, header, field: rule.field };
    if (rule.label !== undefined) mapped.label = rule.label;
    return mapped;
  });
  // Outlook's "Title" is the courtesy title (Mr., Dr.); it is the job title only when nothing
  // else is, as in a hand-made English file.
  const title = keys.indexOf('title');
  if (title >= 0 && !mapping.some((m) => m.field === 'title')) {
    mapping[title] = { column: title, header: headers[title] ?? '', field: 'title' };
  }
  return mapping;
}

export function hasNameColumn(mapping: ColumnMapping[]): boolean {
  return mapping.some((m) => m.field === 'name' || m.field === 'firstName' || m.field === 'lastName');
}

export function assertNameColumn(mapping: ColumnMapping[], headers: string[]): void {
  if (hasNameColumn(mapping)) return;
  throw importError(
    'import.no_name_column',
    `No column holds names (found: ${headers.filter(Boolean).join(', ') || 'no headers'}). ` +
      'The first line must name the columns, e.g. "Namn;Mobil;Grupp".',
    { headers: headers.join(', ') },
  );
}

interface PhoneColumn {
  column: number;
  label: string;
  labelColumn: number;
}

export function recordsFromTable(headers: string[], rows: TableRow[], mapping: ColumnMapping[]): ImportRecord[] {
  const keys = headers.map(normalizeKey);
  const columnsOf = (field: ContactField) => mapping.filter((m) => m.field === field).map((m) => m.column);
  const single = {
    name: columnsOf('name'),
    firstName: columnsOf('firstName'),
    lastName: columnsOf('lastName'),
    organisation: columnsOf('organisation'),
    title: columnsOf('title'),
    email: columnsOf('email'),
    language: columnsOf('language'),
    notes: columnsOf('notes'),
    externalId: columnsOf('externalId'),
  };
  const tagColumns = columnsOf('tags');
  const groupColumns = columnsOf('groups');
  const phoneColumns: PhoneColumn[] = mapping
    .filter((m) => m.field === 'phone')
    .sort((a, b) => a.column - b.column)
    .map((m) => ({ column: m.column, label: m.label ?? '', labelColumn: pairedLabelColumn(keys[m.column] ?? '', keys) }));

  // Labels and languages repeat down a column ("Mobile", "Work", "sv"): read each once.
  const labelOf = memo(phoneLabel);
  const languageOf = memo(parseLanguage);

  return rows.map(({ line, cells }) => {
    const cell = (column: number) => (cells[column] ?? '').trim();
    // Several columns may carry one field (Outlook's three e-mail columns): the first filled wins.
    const first = (columns: number[]) => columns.map(cell).find((v) => v !== '') ?? '';
    const name = first(single.name) || [first(single.firstName), first(single.lastName)].filter(Boolean).join(' ');
    const language = languageOf(first(single.language));
    const externalId = first(single.externalId);
    const record: ImportRecord = {
      line,
      name,
      organisation: first(single.organisation),
      title: first(single.title),
      // Google puts several addresses in one cell; the book keeps one.
      email: first(single.email).split(/\s*:::\s*/)[0] ?? '',
      notes: first(single.notes),
      tags: listOf(tagColumns, cell),
      groups: listOf(groupColumns, cell),
      phones: [],
      ...(language ? { language } : {}),
      ...(externalId ? { externalId } : {}),
    };
    const ignored: PhoneEntry[] = [];
    for (const phone of phoneColumns) {
      const label = phone.labelColumn >= 0 ? labelOf(cell(phone.labelColumn)) || phone.label : phone.label;
      // Google writes several numbers of one label into one cell: "070-123 45 67 ::: 08-123 456 78".
      for (const raw of cell(phone.column).split(/\s*:::\s*/)) {
        if (raw === '') continue;
        (isUndialable(label) ? ignored : record.phones).push({ raw, label });
      }
    }
    if (ignored.length > 0) record.ignoredPhones = ignored;
    return record;
  });
}

function listOf(columns: number[], cell: (column: number) => string): string[] {
  const out: string[] = [];
  for (const column of columns) for (const item of splitList(cell(column))) if (!out.includes(item)) out.push(item);
  return out;
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (seen.has(key)) return seen.get(key) as T;
    const value = fn(key);
    seen.set(key, value);
    return value;
  };
}
