/** Creating and editing contacts and their ordered numbers, each change audited. */
import type { Contact, NumberCheck, ParsedInput } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Queryable, Store } from '../db/store';
import { now } from '../db/tx';
import { AppError, notFound } from '../errors';
import type { EventBus } from '../events/event-bus';
import { getContact } from './contact-queries';
import { contactUpdatedAt, deleteNumbers, insertContact, insertNumbers, numbersToKeep, setContactActive, updateContact } from './contacts-store';
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

/** Replaces a contact's numbers in the given order, keeping each kept number's opt-out. */
async function writeNumbers(tx: Queryable, contactId: number, rows: NumberRow[]) {
  const at = now();
  const before = new Map((await numbersToKeep(tx, contactId)).map((n) => [n.e164, n]));
  await deleteNumbers(tx, contactId);
  await insertNumbers(
    tx,
    rows.map((row) => {
      const kept = before.get(row.e164);
      return {
        ...row,
        contactId,
        smsOptedOut: kept?.smsOptedOut === 1,
        smsOptedOutAt: kept?.smsOptedOutAt ?? null,
        createdAt: kept?.createdAt ?? at,
        updatedAt: at,
      };
    }),
  );
}

export class ContactsService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
  ) {}

  async create(input: ParsedInput<'contacts.create'>, actor: Actor): Promise<Contact> {
    const numbers = normalizeNumberInputs(input.numbers);
    const { numbers: _n, tags, ...fields } = input;
    const id = await this.store.unit(async (tx) => {
      const at = now();
      const id = await insertContact(tx, {
        ...fields,
        tags: JSON.stringify(tags),
        sortKey: swedishSortKey(fields.name),
        externalId: null,
        at,
      });
      await writeNumbers(tx, id, numbers);
      await recordAudit(tx, actor, { action: 'contacts.create', target: { type: 'contact', id }, details: { name: fields.name, numbers: numbers.length } });
      return id;
    });
    this.bus.emit('contacts.changed', { ids: [id] });
    return getContact(this.store, id);
  }

  async update(input: ParsedInput<'contacts.update'>, actor: Actor): Promise<Contact> {
    const { id, numbers, tags, expectedUpdatedAt, ...fields } = input;
    const rows = numbers ? normalizeNumberInputs(numbers) : null;
    await this.store.unit(async (tx) => {
      const exists = await contactUpdatedAt(tx, id);
      if (!exists) throw notFound('contact', id);
      // Two operators editing one person: the second save would silently undo the first.
      if (expectedUpdatedAt !== undefined && Date.parse(expectedUpdatedAt) !== exists.updatedAt) {
        throw new AppError('conflict', `Contact ${id} was changed by someone else since it was opened`, { code: 'contacts.changed_meanwhile' });
      }
      await updateContact(
        tx,
        id,
        {
          ...fields,
          ...(tags ? { tags: JSON.stringify(tags) } : {}),
          ...(fields.name ? { sortKey: swedishSortKey(fields.name) } : {}),
        },
        now(),
      );
      if (rows) await writeNumbers(tx, id, rows);
      await recordAudit(tx, actor, {
        action: 'contacts.update',
        target: { type: 'contact', id },
        details: { fields: Object.keys(input).filter((k) => k !== 'id' && k !== 'expectedUpdatedAt') },
      });
    });
    this.bus.emit('contacts.changed', { ids: [id] });
    return getContact(this.store, id);
  }

  async setActive(id: number, active: boolean, actor: Actor): Promise<Contact> {
    await this.store.unit(async (tx) => {
      const row = await setContactActive(tx, id, active, now());
      if (!row) throw notFound('contact', id);
      await recordAudit(tx, actor, { action: active ? 'contacts.activate' : 'contacts.deactivate', target: { type: 'contact', id }, details: { name: row.name } });
    });
    this.bus.emit('contacts.changed', { ids: [id] });
    return getContact(this.store, id);
  }
}
