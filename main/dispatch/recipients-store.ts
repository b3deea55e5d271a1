/**
 * Who an alert reaches: groups in the order given (members in group order), then single
 * contacts; each person once; inactive contacts left out. Staged in SQL (a temporary table of
 * contact ids in call-out order) so that launching to 100,000 people is a few set operations,
 * not 100,000 round trips; the launch and the pre-flight read the same staging. The same SQL on
 * SQLite and PostgreSQL (the temporary table lives in the unit's connection on both).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Channel } from '../contract';
import { autoKey, countWhere, jsonArrayAgg } from '../db/dialect-sql';
import type { Dialect, Queryable } from '../db/store';

/** SQL for a staged contact's voice numbers (a JSON array text), in the contact's priority order. */
export function voiceNumbersOf(d: Dialect, contact: SQL): SQL {
  return sql`COALESCE((SELECT ${jsonArrayAgg(d, sql`v.e164`, sql`v.priority`)} FROM (
    SELECT p.e164, p.priority FROM phone_numbers p WHERE p.contact_id = ${contact} AND p.voice_capable = 1 ORDER BY p.priority) v), '[]')`;
}

/** SQL for a staged contact's text number: the first that can take texts and has not opted out. */
export const textNumberOf = (contact: SQL) =>
  sql`(SELECT e164 FROM phone_numbers p WHERE p.contact_id = ${contact} AND p.sms_capable = 1 AND p.sms_opted_out = 0 ORDER BY p.priority LIMIT 1)`;

/**
 * Fills the temporary table `staged_recipients (pos, contact_id)` with the alert's people in
 * call-out order. Must run inside the unit that reads it.
 */
export async function stageRecipientsIn(tx: Queryable, groupIds: number[], contactIds: number[]): Promise<void> {
  await tx.run(sql`CREATE TEMP TABLE IF NOT EXISTS staged_recipients (pos ${autoKey(tx.dialect)}, contact_id INTEGER NOT NULL UNIQUE)`);
  await tx.run(sql`DELETE FROM staged_recipients`);
  for (const groupId of groupIds) {
    await tx.run(sql`
      INSERT INTO staged_recipients (contact_id) SELECT contact_id FROM group_members WHERE group_id = ${groupId} ORDER BY position
      ON CONFLICT DO NOTHING`);
  }
  for (const id of contactIds) {
    await tx.run(sql`INSERT INTO staged_recipients (contact_id) SELECT id FROM contacts WHERE id = ${id} ON CONFLICT DO NOTHING`);
  }
}

export interface StagedSummary {
  recipients: number;
  withVoice: number;
  withSms: number;
  mobile: number;
  landline: number;
  otherNumbers: number;
  optedOut: number;
  unreachable: number;
  inactiveSkipped: number;
}

/** 1 or 0 as a literal: the channels chosen make one of a few texts, each prepared once. */
const flag = (on: boolean) => sql.raw(on ? '1' : '0');

/** The pre-flight's counts over the staged people, for the chosen channels. */
export async function summarizeStagedIn(tx: Queryable, channels: Channel[]): Promise<StagedSummary> {
  const voice = flag(channels.includes('voice'));
  const text = flag(channels.includes('sms'));
  const active = sql.raw('active = 1');
  const r = await tx.get<Record<keyof StagedSummary, number | null>>(sql`
    WITH people AS (
      SELECT c.id, c.active,
        CASE WHEN ${voice} = 1 AND EXISTS (SELECT 1 FROM phone_numbers p WHERE p.contact_id = c.id AND p.voice_capable = 1) THEN 1 ELSE 0 END AS has_voice,
        CASE WHEN ${text} = 1 AND ${textNumberOf(sql`c.id`)} IS NOT NULL THEN 1 ELSE 0 END AS has_sms,
        (SELECT kind FROM phone_numbers p WHERE p.contact_id = c.id ORDER BY p.priority LIMIT 1) AS first_kind,
        CASE WHEN EXISTS (SELECT 1 FROM phone_numbers p WHERE p.contact_id = c.id AND p.sms_opted_out = 1) THEN 1 ELSE 0 END AS opted_out
      FROM staged_recipients s JOIN contacts c ON c.id = s.contact_id)
    SELECT
      ${countWhere(active)} AS "recipients",
      ${countWhere(sql`${active} AND has_voice = 1`)} AS "withVoice",
      ${countWhere(sql`${active} AND has_sms = 1`)} AS "withSms",
      ${countWhere(sql`${active} AND first_kind = 'mobile'`)} AS "mobile",
      ${countWhere(sql`${active} AND first_kind = 'landline'`)} AS "landline",
      ${countWhere(sql`${active} AND first_kind IN ('other', 'unknown')`)} AS "otherNumbers",
      ${countWhere(sql`${active} AND opted_out = 1`)} AS "optedOut",
      ${countWhere(sql`${active} AND has_voice = 0 AND has_sms = 0`)} AS "unreachable",
      ${countWhere(sql`active = 0`)} AS "inactiveSkipped"
    FROM people`);
  const n = (k: keyof StagedSummary) => Number(r?.[k] ?? 0);
  return {
    recipients: n('recipients'),
    withVoice: n('withVoice'),
    withSms: n('withSms'),
    mobile: n('mobile'),
    landline: n('landline'),
    otherNumbers: n('otherNumbers'),
    optedOut: n('optedOut'),
    unreachable: n('unreachable'),
    inactiveSkipped: n('inactiveSkipped'),
  };
}

export interface SharedNumbers {
  /** Numbers the chosen channels would use for more than one active staged person. */
  count: number;
  /** The first such number (in call-out order) and who shares it, for the operator to recognise. */
  example: { e164: string; names: string[] } | null;
}

/**
 * A shared duty phone listed under several people rings once per person: the pre-flight says
 * so, since one pick-up then answers for each of them. Only the numbers a launch would use
 * count (every voice number; the first text number).
 */
export async function sharedStagedNumbersIn(tx: Queryable, channels: Channel[]): Promise<SharedNumbers> {
  const voice = flag(channels.includes('voice'));
  const text = flag(channels.includes('sms'));
  const rows = await tx.all<{ e164: string; names: string }>(sql`
    WITH used AS (
      SELECT p.e164, s.contact_id, s.pos FROM staged_recipients s
        JOIN contacts c ON c.id = s.contact_id AND c.active = 1
        JOIN phone_numbers p ON p.contact_id = s.contact_id
      WHERE (${voice} = 1 AND p.voice_capable = 1) OR (${text} = 1 AND p.e164 = ${textNumberOf(sql`s.contact_id`)})),
    people AS (SELECT e164, contact_id, MIN(pos) AS pos FROM used GROUP BY e164, contact_id)
    SELECT e164, ${jsonArrayAgg(tx.dialect, sql`name`, sql`pos`)} AS names FROM (
      SELECT x.e164, c.name, x.pos, MIN(x.pos) OVER (PARTITION BY x.e164) AS first_pos
      FROM people x JOIN contacts c ON c.id = x.contact_id ORDER BY x.pos) y
    GROUP BY e164 HAVING COUNT(*) > 1 ORDER BY MIN(first_pos)`);
  const first = rows[0];
  return { count: rows.length, example: first ? { e164: first.e164, names: JSON.parse(first.names) as string[] } : null };
}
