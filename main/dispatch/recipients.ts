/**
 * Who an alert reaches, and on which numbers: groups in the order given (members in group
 * order), then single contacts; each person once; inactive contacts left out. The result is a
 * snapshot: the ledger must not change when the address book does.
 */
import { sql } from 'drizzle-orm';
import type { Channel } from '../contract';
import type { Db } from '../db/open';
import type { NumberKind } from '../contacts/phone-number';

export interface RecipientNumber {
  e164: string;
  kind: NumberKind;
  voiceCapable: boolean;
  smsCapable: boolean;
  smsOptedOut: boolean;
}

export interface ResolvedRecipient {
  contactId: number;
  name: string;
  /** Voice numbers in the contact's priority order. */
  voice: string[];
  /** The one number that gets the alert SMS, if SMS is a chosen channel and any number can. */
  sms: string | null;
  /** The number a text would go to, whatever the channels (stand-down messages use it). */
  textNumber: string | null;
  numbers: RecipientNumber[];
}

export interface Resolution {
  recipients: ResolvedRecipient[];
  inactiveSkipped: number;
}

const ids = (list: number[]) => sql.join(list.map((id) => sql`${id}`), sql`, `);

export function resolveRecipients(db: Db, groupIds: number[], contactIds: number[], channels: Channel[]): Resolution {
  const ordered: number[] = [];
  const seen = new Set<number>();
  const add = (id: number) => {
    if (!seen.has(id)) {
      seen.add(id);
      ordered.push(id);
    }
  };
  for (const groupId of groupIds) {
    for (const m of db.all<{ contact_id: number }>(sql`SELECT contact_id FROM group_members WHERE group_id = ${groupId} ORDER BY position`)) add(m.contact_id);
  }
  contactIds.forEach(add);

  const people = new Map<number, { name: string; active: number }>();
  const numbers = new Map<number, RecipientNumber[]>();
  for (let i = 0; i < ordered.length; i += 500) {
    const chunk = ordered.slice(i, i + 500);
    for (const c of db.all<{ id: number; name: string; active: number }>(sql`SELECT id, name, active FROM contacts WHERE id IN (${ids(chunk)})`)) {
      people.set(c.id, c);
    }
    for (const n of db.all<{ contact_id: number; e164: string; kind: NumberKind; voice_capable: number; sms_capable: number; sms_opted_out: number }>(
      sql`SELECT contact_id, e164, kind, voice_capable, sms_capable, sms_opted_out FROM phone_numbers WHERE contact_id IN (${ids(chunk)}) ORDER BY contact_id, priority`,
    )) {
      const list = numbers.get(n.contact_id) ?? [];
      list.push({ e164: n.e164, kind: n.kind, voiceCapable: n.voice_capable === 1, smsCapable: n.sms_capable === 1, smsOptedOut: n.sms_opted_out === 1 });
      numbers.set(n.contact_id, list);
    }
  }

  let inactiveSkipped = 0;
  const recipients: ResolvedRecipient[] = [];
  for (const id of ordered) {
    const person = people.get(id);
    if (!person) continue;
    if (person.active !== 1) {
      inactiveSkipped++;
      continue;
    }
    const list = numbers.get(id) ?? [];
    const textNumber = list.find((n) => n.smsCapable && !n.smsOptedOut)?.e164 ?? null;
    recipients.push({
      contactId: id,
      name: person.name,
      voice: channels.includes('voice') ? list.filter((n) => n.voiceCapable).map((n) => n.e164) : [],
      sms: channels.includes('sms') ? textNumber : null,
      textNumber,
      numbers: list,
    });
  }
  return { recipients, inactiveSkipped };
}
