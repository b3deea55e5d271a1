/** The drawer's working copy of a contact, and what Save sends: all of it, or only what changed. */
import type { Contact, Language, MethodInput } from '@contract';

export const MAX_NUMBERS = 10;

export interface NumberDraft {
  /** Stable across reorders, so React keeps each row's focus and state with it. */
  key: string;
  number: string;
  label: string;
  /** From the book: a kept number keeps its SMS opt-out. */
  optedOut: boolean;
}

export interface ContactDraft {
  name: string;
  organisation: string;
  title: string;
  email: string;
  language: Language;
  notes: string;
  tags: string[];
  numbers: NumberDraft[];
}

let nextKey = 0;
export function newNumber(number = '', label = '', optedOut = false): NumberDraft {
  nextKey += 1;
  return { key: `n${nextKey}`, number, label, optedOut };
}

export function draftOf(contact: Contact | null): ContactDraft {
  return {
    name: contact?.name ?? '',
    organisation: contact?.organisation ?? '',
    title: contact?.title ?? '',
    email: contact?.email ?? '',
    language: contact?.language ?? 'sv',
    notes: contact?.notes ?? '',
    tags: contact?.tags ?? [],
    numbers: contact ? contact.numbers.map((n) => newNumber(n.e164, n.label, n.smsOptedOut)) : [newNumber('', 'mobil')],
  };
}

type Fields = MethodInput<'contacts.create'>;

/** `sentKeys`: the draft rows in the order sent, to place `numbers.N.number` errors on the right row. */
export type SavePlan =
  | { kind: 'create'; input: Fields; sentKeys: string[] }
  | { kind: 'update'; input: Partial<Fields>; sentKeys: string[] }
  | { kind: 'unchanged' };

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function planSave(contact: Contact | null, draft: ContactDraft): SavePlan {
  // A row without a number is a row the operator did not use, whatever its label says.
  const rows = draft.numbers.filter((n) => n.number.trim() !== '');
  const numbers = rows.map((n) => ({ number: n.number.trim(), label: n.label.trim() }));
  const sentKeys = rows.map((n) => n.key);
  const full: Fields = {
    name: draft.name.trim(),
    organisation: draft.organisation.trim(),
    title: draft.title.trim(),
    email: draft.email.trim(),
    language: draft.language,
    notes: draft.notes.trim(),
    tags: draft.tags,
    numbers,
  };
  if (!contact) return { kind: 'create', input: full, sentKeys };

  const patch: Partial<Fields> = {};
  for (const key of ['name', 'organisation', 'title', 'email', 'notes'] as const) {
    if (full[key] !== contact[key]) patch[key] = full[key];
  }
  if (full.language !== contact.language) patch.language = full.language;
  if (!same(draft.tags, contact.tags)) patch.tags = draft.tags;
  const before = contact.numbers.map((n) => `${n.e164}\u0000${n.label}`);
  const after = numbers.map((n) => `${n.number}\u0000${n.label}`);
  if (!same(before, after)) patch.numbers = numbers;
  return Object.keys(patch).length ? { kind: 'update', input: patch, sentKeys } : { kind: 'unchanged' };
}
