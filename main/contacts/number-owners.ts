/**
 * Who else already has a number: the contact editor warns (it never blocks: a shared duty phone
 * is legitimate) so that two people are not called on one phone by mistake. Compared as the
 * engine's normalised E.164, so "070-123 45 67" and "+46701234567" are the same number.
 */
import { sql } from 'drizzle-orm';
import type { NumberCheck } from '../contract';
import type { Db } from '../db/open';
import { checkNumber } from './contacts-service';

const MAX_OWNERS = 5;

export function numberOwners(db: Db, e164: string, exceptContactId: number | undefined): NumberCheck['owners'] {
  return db.all<{ id: number; name: string }>(sql`
    SELECT DISTINCT c.id, c.name FROM phone_numbers p JOIN contacts c ON c.id = p.contact_id
    WHERE p.e164 = ${e164} AND c.id <> ${exceptContactId ?? 0}
    ORDER BY c.sort_key, c.id LIMIT ${MAX_OWNERS}`);
}

/** The live check of a typed number, with the other contacts that already have it. */
export function checkNumberWithOwners(db: Db, text: string, exceptContactId?: number): NumberCheck {
  const check = checkNumber(text);
  return check.e164 ? { ...check, owners: numberOwners(db, check.e164, exceptContactId) } : check;
}
