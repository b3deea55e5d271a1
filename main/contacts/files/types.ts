/** Shapes shared by the contact file readers and writers: raw strings only, no normalisation. */

export type ContactField =
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'organisation'
  | 'title'
  | 'email'
  | 'language'
  | 'notes'
  | 'tags'
  | 'groups'
  | 'externalId'
  | 'phone'
  | 'ignore';

export interface ColumnMapping {
  column: number;
  header: string;
  field: ContactField;
  /** for phone columns: 'mobil', 'arbete', 'hem', … from the header */
  label?: string;
}

export interface PhoneEntry {
  raw: string;
  label: string;
}

export interface ImportRecord {
  /** 1-based line in the file where this record starts (header = line 1 for CSV) */
  line: number;
  name: string;
  organisation: string;
  title: string;
  email: string;
  language?: 'sv' | 'en';
  notes: string;
  tags: string[];
  groups: string[];
  externalId?: string;
  /** in file order = priority order */
  phones: PhoneEntry[];
  /**
   * Fax and pager numbers the file labelled as such: never dialled, kept apart so the import
   * report can say why they were left out instead of silently losing them.
   */
  ignoredPhones?: PhoneEntry[];
}

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  maxLineBytes: number;
}

export interface ReadFile {
  format: 'csv' | 'vcard';
  /** UTF-16 appears when Excel saves "Unicode text" (tab-separated, with a BOM). */
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  delimiter?: ',' | ';' | '\t';
  headers?: string[];
  mapping?: ColumnMapping[];
  records: ImportRecord[];
}

export interface ExportContact {
  name: string;
  organisation: string;
  title: string;
  email: string;
  language: 'sv' | 'en';
  notes: string;
  tags: string[];
  groups: string[];
  phones: { e164: string; label: string; kind: 'mobile' | 'landline' | 'other' | 'unknown' }[];
}
