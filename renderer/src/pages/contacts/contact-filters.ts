import type { MethodInput, NumberKind, contactFlags } from '@contract';

export type ContactFlag = (typeof contactFlags)[number];

/** What the operator has asked to see; the query the table pages through. */
export interface ContactFilters {
  query: string;
  groupId: number | null;
  tag: string | null;
  kind: NumberKind | null;
  flag: ContactFlag | null;
}

export const noFilters: ContactFilters = { query: '', groupId: null, tag: null, kind: null, flag: null };

export type ContactListQuery = Omit<MethodInput<'contacts.list'>, 'offset' | 'limit'>;

export function toQuery(f: ContactFilters): ContactListQuery {
  const q: ContactListQuery = {};
  if (f.query.trim()) q.query = f.query.trim();
  if (f.groupId !== null) q.groupId = f.groupId;
  if (f.tag !== null) q.tag = f.tag;
  if (f.kind !== null) q.kind = f.kind;
  if (f.flag !== null) q.flag = f.flag;
  return q;
}

export function hasFilters(f: ContactFilters): boolean {
  return f.query.trim() !== '' || f.groupId !== null || f.tag !== null || f.kind !== null || f.flag !== null;
}
