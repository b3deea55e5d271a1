/**
 * Who else already has a number: the contact editor warns (it never blocks: a shared duty phone
 * is legitimate) so that two people are not called on one phone by mistake. Compared as the
 * engine's normalised E.164, so "070-123 45 67" and "+46701234567" are the same number.
 */
import type { NumberCheck } from '../contract';
import type { Queryable } from '../db/store';
import { numberOwners as ownersOf } from './contacts-store';
import { checkNumber } from './contacts-service';

const MAX_OWNERS = 5;

export function numberOwners(q: Queryable, e164: string, exceptContactId: number | undefined): Promise<NumberCheck['owners']> {
  return ownersOf(q, e164, exceptContactId ?? 0, MAX_OWNERS);
}

/** The live check of a typed number, with the other contacts that already have it. */
export async function checkNumberWithOwners(q: Queryable, text: string, exceptContactId?: number): Promise<NumberCheck> {
  const check = checkNumber(text);
  return check.e164 ? { ...check, owners: await numberOwners(q, check.e164, exceptContactId) } : check;
}
