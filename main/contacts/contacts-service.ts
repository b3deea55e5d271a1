/** Creating and editing contacts and their ordered numbers, each change audited. */
import { eq } from 'drizzle-orm';
import type { Contact, NumberCheck, ParsedInput } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { contacts, phoneNumbers } from '../db/schema';
import { inTransaction, now } from '../db/tx';
import { AppError, notFound } from '../errors';
import type { EventBus } from '../events/event-bus';
import { getContact } from './contact-queries';
import { normalizeNumberInputs, type NumberRow } from './number-inputs';
import { normalizePhone, PHONE_WARNING_TEXT } from './phone-number';
import { swedishSortKey } from './sort-key';

export function checkNumber(text: string): NumberCheck {
  const r = normalizePhone(text);
  if (!r.ok) return { ok: false, e164: null, kind: null, smsCapable: false, problem: r.problem, reason: r.reason, warnings: [], owners: [] };
  return {
    ok: true,
    e164: r.e164,
    kind: r.kind,
    smsCapable: r.smsCapable,
    problem: null,
    reason: null,
    warnings: r.warnings.map((code) => ({ code, text: PHONE_WARNING_TEXT[code] })),
    owners: [],
  };
}

export class ContactsService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  /** Replaces a contact's numbers in the given order, keeping each kept number's opt-out. */
  private writeNumbers(contactId: number, rows: NumberRow[]) {
    const at = now();
    const before = new Map(
      this.db.select().from(phoneNumbers).where(eq(phoneNumbers.contactId, contactId)).all().map((n) => [n.e164, n]),
    );
    this.db.delete(phoneNumbers).where(eq(phoneNumbers.contactId, contactId)).run();
    for (const row of rows) {
      const kept = before.get(row.e164);
      this.db
        .insert(phoneNumbers)
        .values({
          ...row,
          contactId,
          smsOptedOut: kept?.smsOptedOut ?? false,
          smsOptedOutAt: kept?.smsOptedOutAt ?? null,
          createdAt: kept?.createdAt ?? at,
          updatedAt: at,
        })
        .run();
    }
  }

  create(input: ParsedInput<'contacts.create'>, actor: Actor): Contact {
    const numbers = normalizeNumberInputs(input.numbers);
    const { numbers: _n, tags, ...fields } = input;
    const id = inTransaction(this.db, () => {
      const at = now();
      const row = this.db
        .insert(contacts)
        .values({ ...fields, tags: JSON.stringify(tags), sortKey: swedishSortKey(fields.name), createdAt: at, updatedAt: at })
        .returning({ id: contacts.id })
        .get();
      this.writeNumbers(row.id, numbers);
      appendAudit(this.db, actor, { action: 'contacts.create', target: { type: 'contact', id: row.id }, details: { name: fields.name, numbers: numbers.length } });
      return row.id;
    });
    this.bus.emit('contacts.changed', { ids: [id] });
    return getContact(this.db, id);
  }

  update(input: ParsedInput<'contacts.update'>, actor: Actor): Contact {
    const { id, numbers, tags, expectedUpdatedAt, ...fields } = input;
    const rows = numbers ? normalizeNumberInputs(numbers) : null;
    inTransaction(this.db, () => {
      const exists = this.db.select({ id: contacts.id, updatedAt: contacts.updatedAt }).from(contacts).where(eq(contacts.id, id)).get();
      if (!exists) throw notFound('contact', id);
      // Two operators editing one person: the second save would silently undo the first.
      if (expectedUpdatedAt !== undefined && Date.parse(expectedUpdatedAt) !== exists.updatedAt) {
        throw new AppError('conflict', `Contact ${id} was changed by someone else since it was opened`, { code: 'contacts.changed_meanwhile' });
      }
      this.db
        .update(contacts)
        .set({
          ...fields,
          ...(tags ? { tags: JSON.stringify(tags) } : {}),
          ...(fields.name ? { sortKey: swedishSortKey(fields.name) } : {}),
          updatedAt: now(),
        })
        .where(eq(contacts.id, id))
        .run();
      if (rows) this.writeNumbers(id, rows);
      appendAudit(this.db, actor, {
        action: 'contacts.update',
        target: { type: 'contact', id },
        details: { fields: Object.keys(input).filter((k) => k !== 'id' && k !== 'expectedUpdatedAt') },
      });
    });
    this.bus.emit('contacts.changed', { ids: [id] });
    return getContact(this.db, id);
  }

  setActive(id: number, active: boolean, actor: Actor): Contact {
    inTransaction(this.db, () => {
      const row = this.db.update(contacts).set({ active, updatedAt: now() }).where(eq(contacts.id, id)).returning().get();
      if (!row) throw notFound('contact', id);
      appendAudit(this.db, actor, { action: active ? 'contacts.activate' : 'contacts.deactivate', target: { type: 'contact', id }, details: { name: row.name } });
    });
    this.bus.emit('contacts.changed', { ids: [id] });
    return getContact(this.db, id);
  }
}
