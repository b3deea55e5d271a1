/**
 * The legacy, synchronous staging on the SQLite `Db` (see recipients-store.ts for the store's,
 * on both backends). Delete once every caller is async (issue 13).
 *
 * Who an alert reaches: groups in the order given (members in group order), then single
 * contacts; each person once; inactive contacts left out. Staged in SQL (a temporary table of
 * contact ids in call-out order) so that launching to 100,000 people is a few set operations,
 * not 100,000 round trips; the launch and the pre-flight read the same staging.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Channel } from '../contract';
import type { Db } from '../db/open';
import type { SharedNumbers, StagedSummary } from './recipients-store';

export type { SharedNumbers, StagedSummary } from './recipients-store';

/** SQL for a staged contact's numbers, in the contact's priority order. */
// Legacy twin until every caller is async (issue 13).
export const VOICE_NUMBERS = (contact: SQL) =>
  sql`COALESCE((SELECT json_group_array(e164) FROM (SELECT e164 FROM phone_numbers p WHERE p.contact_id = ${contact} AND p.voice_capable = 1 ORDER BY p.priority)), '[]')`;
// Legacy twin until every caller is async (issue 13).
export const TEXT_NUMBER = (contact: SQL) =>
  sql`(SELECT e164 FROM phone_numbers p WHERE p.contact_id = ${contact} AND p.sms_capable = 1 AND p.sms_opted_out = 0 ORDER BY p.priority LIMIT 1)`;

/**
 * Fills the temporary table `staged_recipients (pos, contact_id)` with the alert's people in
 * call-out order. Must run inside the transaction that reads it.
 */
// Legacy twin until every caller is async (issue 13).
export function stageRecipients(db: Db, groupIds: number[], contactIds: number[]): void {
  db.run(sql`CREATE TEMP TABLE IF NOT EXISTS staged_recipients (pos INTEGER PRIMARY KEY, contact_id INTEGER NOT NULL UNIQUE)`);
  db.run(sql`DELETE FROM temp.staged_recipients`);
  for (const groupId of groupIds) {
    db.run(sql`INSERT OR IGNORE INTO temp.staged_recipients (contact_id) SELECT contact_id FROM group_members WHERE group_id = ${groupId} ORDER BY position`);
  }
  const single = db.$client.prepare('INSERT OR IGNORE INTO temp.staged_recipients (contact_id) SELECT id FROM contacts WHERE id = ?');
  for (const id of contactIds) single.run(id);
}

/** The pre-flight's counts over the staged people, for the chosen channels. */
// Legacy twin until every caller is async (issue 13).
export function summarizeStaged(db: Db, channels: Channel[]): StagedSummary {
  const voice = channels.includes('voice') ? 1 : 0;
  const text = channels.includes('sms') ? 1 : 0;
  const r = db.get<Record<keyof StagedSummary, number | null>>(sql`
    WITH people AS (
      SELECT c.id, c.active,
        EXISTS (SELECT 1 FROM phone_numbers p WHERE p.contact_id = c.id AND p.voice_capable = 1) AND ${voice} AS has_voice,
        ${TEXT_NUMBER(sql`c.id`)} IS NOT NULL AND ${text} AS has_sms,
        (SELECT kind FROM phone_numbers p WHERE p.contact_id = c.id ORDER BY p.priority LIMIT 1) AS first_kind,
        EXISTS (SELECT 1 FROM phone_numbers p WHERE p.contact_id = c.id AND p.sms_opted_out = 1) AS opted_out
      FROM temp.staged_recipients s JOIN contacts c ON c.id = s.contact_id)
    SELECT
      SUM(active = 1) AS recipients,
      SUM(active = 1 AND has_voice) AS withVoice,
      SUM(active = 1 AND has_sms) AS withSms,
      SUM(active = 1 AND first_kind = 'mobile') AS mobile,
      SUM(active = 1 AND first_kind = 'landline') AS landline,
      SUM(active = 1 AND first_kind IN ('other', 'unknown')) AS otherNumbers,
      SUM(active = 1 AND opted_out) AS optedOut,
      SUM(active = 1 AND NOT has_voice AND NOT has_sms) AS unreachable,
      SUM(active = 0) AS inactiveSkipped
    FROM people`);
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v ?? 0)])) as unknown as StagedSummary;
}

/**
 * A shared duty phone listed under several people rings once per person: the pre-flight says
 * so, since one pick-up then answers for each of them. Only the numbers a launch would use
 * count (every voice number; the first text number).
 */
// Legacy twin until every caller is async (issue 13).
export function sharedStagedNumbers(db: Db, channels: Channel[]): SharedNumbers {
  const voice = channels.includes('voice') ? 1 : 0;
  const text = channels.includes('sms') ? 1 : 0;
  const rows = db.all<{ e164: string; names: string }>(sql`
    WITH used AS (
      SELECT p.e164, s.contact_id, s.pos FROM temp.staged_recipients s
        JOIN contacts c ON c.id = s.contact_id AND c.active = 1
        JOIN phone_numbers p ON p.contact_id = s.contact_id
      WHERE (${voice} AND p.voice_capable = 1) OR (${text} AND p.e164 = ${TEXT_NUMBER(sql`s.contact_id`)})),
    people AS (SELECT e164, contact_id, MIN(pos) AS pos FROM used GROUP BY e164, contact_id)
    SELECT e164, json_group_array(name) AS names FROM (
      SELECT x.e164, c.name, x.pos, MIN(x.pos) OVER (PARTITION BY x.e164) AS first_pos
      FROM people x JOIN contacts c ON c.id = x.contact_id ORDER BY x.pos)
    GROUP BY e164 HAVING COUNT(*) > 1 ORDER BY MIN(first_pos)`);
  const first = rows[0];
  return { count: rows.length, example: first ? { e164: first.e164, names: JSON.parse(first.names) as string[] } : null };
}
