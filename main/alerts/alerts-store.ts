/**
 * The alerts' writes and look-ups: launch (one unit, idempotent key), approve, cancel, resend,
 * the operator's in-doubt decisions, and the list. The same SQL on SQLite and PostgreSQL;
 * `dialect-sql.ts` writes the one difference (the first of a JSON array of numbers).
 */
import { sql, type SQL } from 'drizzle-orm';
import { greatest, jsonFirst } from '../db/dialect-sql';
import type { Queryable } from '../db/store';
import { getOne } from '../db/store';
import { textNumberOf, voiceNumbersOf } from '../dispatch/recipients-store';

const ids = (list: number[]) => sql.join(list.map((id) => sql`${id}`), sql`, `);

export async function alertIdByLaunchKey(q: Queryable, launchKey: string): Promise<number | null> {
  return (await q.get<{ id: number }>(sql`SELECT id AS "id" FROM alerts WHERE launch_key = ${launchKey}`))?.id ?? null;
}

export interface TemplateTexts {
  voiceText: string;
  smsText: string;
  confirmDigit: string;
  declineDigit: string;
}

export function templateTexts(q: Queryable, templateId: number): Promise<TemplateTexts | undefined> {
  return q.get<TemplateTexts>(sql`
    SELECT voice_text AS "voiceText", sms_text AS "smsText", confirm_digit AS "confirmDigit", decline_digit AS "declineDigit"
    FROM templates WHERE id = ${templateId}`);
}

/** How many of these people (groups' members and single contacts) are outside the roster group. */
export async function countOutsideRoster(q: Queryable, groupIds: number[], contactIds: number[], rosterGroupId: number): Promise<number> {
  const outside = new Set<number>();
  if (groupIds.length > 0) {
    const rows = await q.all<{ id: number }>(sql`
      SELECT DISTINCT contact_id AS "id" FROM group_members WHERE group_id IN (${ids(groupIds)})
        AND contact_id NOT IN (SELECT contact_id FROM group_members WHERE group_id = ${rosterGroupId})`);
    for (const r of rows) outside.add(r.id);
  }
  if (contactIds.length > 0) {
    const inRoster = await q.all<{ id: number }>(sql`
      SELECT contact_id AS "id" FROM group_members WHERE group_id = ${rosterGroupId} AND contact_id IN (${ids(contactIds)})`);
    const inside = new Set(inRoster.map((r) => r.id));
    for (const id of contactIds) if (!inside.has(id)) outside.add(id);
  }
  return outside.size;
}

// ---- launch: every statement below runs inside the launch's one unit ----

/** Active people among the staged recipients (dispatch/recipients-store.ts stages them in this unit). */
export async function countStagedActive(q: Queryable): Promise<number> {
  const row = await getOne<{ n: number }>(
    q,
    sql`SELECT COUNT(*) AS "n" FROM staged_recipients s JOIN contacts c ON c.id = s.contact_id WHERE c.active = 1`,
    'staged recipients',
  );
  return Number(row.n);
}

export interface NewAlert {
  launchKey: string;
  title: string;
  templateId: number | null;
  voiceText: string;
  smsText: string;
  language: string;
  confirmDigit: string;
  declineDigit: string;
  state: 'pending_approval' | 'queued';
  drill: boolean;
  channels: string;
  policy: string;
  contentSha256: string;
  createdBy: number | null;
  createdAt: number;
  expiresAt: number;
  scheduleId: number | null;
  onSimulator: boolean | null;
}

export async function insertAlert(q: Queryable, a: NewAlert): Promise<number> {
  const row = await getOne<{ id: number }>(
    q,
    sql`
    INSERT INTO alerts (launch_key, title, template_id, voice_text, sms_text, language, confirm_digit, decline_digit, state, drill,
      channels, policy, content_sha256, created_by, created_at, expires_at, schedule_id, on_simulator)
    VALUES (${a.launchKey}, ${a.title}, ${a.templateId}, ${a.voiceText}, ${a.smsText}, ${a.language}, ${a.confirmDigit}, ${a.declineDigit},
      ${a.state}, ${a.drill ? 1 : 0}, ${a.channels}, ${a.policy}, ${a.contentSha256}, ${a.createdBy}, ${a.createdAt}, ${a.expiresAt},
      ${a.scheduleId}, ${a.onSimulator === null ? null : a.onSimulator ? 1 : 0})
    RETURNING id AS "id"`,
    'new alert',
  );
  return row.id;
}

export async function insertBurnMessage(
  q: Queryable,
  b: { alertId: number; after: string; burnAt: number | null; minutes: number | null; contentSha256: string; createdAt: number },
): Promise<void> {
  await q.run(sql`
    INSERT INTO burn_messages (alert_id, burn_after, burn_at, burn_minutes, content_sha256, created_at)
    VALUES (${b.alertId}, ${b.after}, ${b.burnAt}, ${b.minutes}, ${b.contentSha256}, ${b.createdAt})`);
}

/**
 * The staged people become the alert's recipients, with snapshots of the numbers escalation
 * will try and the number texts go to (stand-down included); then whoever has nothing to call
 * or text is unreached at once, so the report shows them.
 */
export async function insertRecipientsFromStaged(q: Queryable, alertId: number, voice: boolean, text: boolean): Promise<void> {
  await q.run(sql`
    INSERT INTO alert_recipients (alert_id, contact_id, name, state, voice_numbers, sms_number)
    SELECT ${alertId}, c.id, c.name, 'pending', ${voice ? voiceNumbersOf(q.dialect, sql`c.id`) : sql`'[]'`}, ${textNumberOf(sql`c.id`)}
    FROM staged_recipients s JOIN contacts c ON c.id = s.contact_id
    WHERE c.active = 1 ORDER BY s.pos`);
  await q.run(sql`
    UPDATE alert_recipients SET state = 'unreached'
    WHERE alert_id = ${alertId} AND voice_numbers = '[]' AND (${text ? 0 : 1} = 1 OR sms_number IS NULL)`);
}

/** Every reachable recipient's first attempt on a channel, queued at the alert's creation. */
export async function insertFirstAttempts(q: Queryable, alertId: number, channel: 'voice' | 'sms', at: number): Promise<void> {
  const number: SQL = channel === 'voice' ? jsonFirst(q.dialect, sql`voice_numbers`) : sql`sms_number`;
  const has: SQL = channel === 'voice' ? sql`voice_numbers <> '[]'` : sql`sms_number IS NOT NULL`;
  await q.run(sql`
    INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
    SELECT ${alertId}, id, ${channel}, ${number}, 0, 0, 'queued', ${at}, ${at}, ${at}
    FROM alert_recipients WHERE alert_id = ${alertId} AND ${has} ORDER BY id`);
}

/** Nobody could be reached on the chosen channels: the alert is over before it began. */
export async function completeIfNothingQueued(q: Queryable, alertId: number, at: number): Promise<void> {
  await q.run(sql`
    UPDATE alerts SET state = 'completed', started_at = ${at}, finished_at = ${at}
    WHERE id = ${alertId} AND state = 'queued' AND NOT EXISTS (SELECT 1 FROM dispatch_attempts WHERE alert_id = ${alertId})`);
}

// ---- approve, cancel ----

export function approvalRow(q: Queryable, id: number): Promise<{ state: string; createdBy: number | null } | undefined> {
  return q.get(sql`SELECT state AS "state", created_by AS "createdBy" FROM alerts WHERE id = ${id}`);
}

export async function markApproved(q: Queryable, id: number, approvedBy: number | null, at: number): Promise<void> {
  await q.run(sql`UPDATE alerts SET state = 'queued', approved_by = ${approvedBy}, approved_at = ${at} WHERE id = ${id}`);
}

/** Cancels an alert still active; false when there was none such (ended, or no such alert). */
export async function markCanceled(q: Queryable, id: number, canceledBy: number | null, at: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE alerts SET state = 'canceled', canceled_by = ${canceledBy}, finished_at = ${at}
    WHERE id = ${id} AND state IN ('pending_approval', 'queued', 'running')`);
  return changes > 0;
}

// ---- resend ----

/**
 * A fresh round for the people named (`unconfirmed`, or `failed`: every attempt failed), on one
 * channel. Nobody who already has something queued or under way gets a second: resending never
 * doubles a call. Returns the attempts queued.
 */
export async function queueResendRound(q: Queryable, alertId: number, channel: 'voice' | 'sms', to: 'unconfirmed' | 'failed', at: number): Promise<number> {
  const who =
    to === 'unconfirmed'
      ? sql`r.state IN ('pending', 'unreached', 'canceled')`
      : sql`r.state IN ('pending', 'unreached') AND NOT EXISTS (SELECT 1 FROM dispatch_attempts d WHERE d.recipient_id = r.id AND d.state IN ('completed', 'in_progress', 'ringing'))`;
  const idle = sql`NOT EXISTS (SELECT 1 FROM dispatch_attempts d WHERE d.recipient_id = r.id AND d.state IN ('queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'in_doubt'))`;
  const round = sql`COALESCE((SELECT MAX(cycle) + 1 FROM dispatch_attempts d WHERE d.recipient_id = r.id), 0)`;
  const number = channel === 'voice' ? jsonFirst(q.dialect, sql`r.voice_numbers`) : sql`r.sms_number`;
  const has = channel === 'voice' ? sql`r.voice_numbers <> '[]'` : sql`r.sms_number IS NOT NULL`;
  const { changes } = await q.run(sql`
    INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
    SELECT r.alert_id, r.id, ${channel}, ${number}, ${round}, 0, 'queued', ${at}, ${at}, ${at}
    FROM alert_recipients r WHERE r.alert_id = ${alertId} AND ${has} AND ${who} AND ${idle}`);
  return changes;
}

/** After a resend queued attempts: their people are pending again and the alert runs until `expiresAt` at least. */
export async function reopenForResend(q: Queryable, alertId: number, expiresAt: number): Promise<void> {
  await q.run(sql`UPDATE alert_recipients SET state = 'pending' WHERE alert_id = ${alertId} AND state IN ('unreached', 'canceled')
    AND id IN (SELECT recipient_id FROM dispatch_attempts WHERE alert_id = ${alertId} AND state = 'queued')`);
  await q.run(sql`UPDATE alerts SET state = 'running', finished_at = NULL,
    expires_at = ${greatest(q.dialect, sql`COALESCE(expires_at, 0)`, sql`${expiresAt}`)} WHERE id = ${alertId}`);
}

// ---- in-doubt decisions ----

export function attemptForDecision(q: Queryable, attemptId: number): Promise<{ alertId: number; recipientId: number; state: string } | undefined> {
  return q.get(sql`SELECT alert_id AS "alertId", recipient_id AS "recipientId", state AS "state" FROM dispatch_attempts WHERE id = ${attemptId}`);
}

export async function requeueInDoubt(q: Queryable, attemptId: number, at: number): Promise<void> {
  await q.run(sql`UPDATE dispatch_attempts SET state = 'queued', not_before = ${at}, error_message = 'ringer igen på operatörens beslut', updated_at = ${at} WHERE id = ${attemptId}`);
}

export async function giveUpInDoubt(q: Queryable, attemptId: number, at: number): Promise<void> {
  await q.run(sql`UPDATE dispatch_attempts SET state = 'failed', status_rank = 5, finished_at = ${at}, updated_at = ${at},
    error_message = 'oklart om samtalet gick fram; operatören valde att inte ringa igen' WHERE id = ${attemptId}`);
}

// ---- list ----

export async function listAlertIds(q: Queryable, opts: { active?: boolean; beforeId?: number; limit: number }): Promise<number[]> {
  const active =
    opts.active === undefined
      ? sql``
      : opts.active
        ? sql`AND state IN ('pending_approval', 'queued', 'running')`
        : sql`AND state NOT IN ('pending_approval', 'queued', 'running')`;
  const before = opts.beforeId ? sql`AND id < ${opts.beforeId}` : sql``;
  const rows = await q.all<{ id: number }>(sql`SELECT id AS "id" FROM alerts WHERE 1 = 1 ${active} ${before} ORDER BY id DESC LIMIT ${opts.limit}`);
  return rows.map((r) => r.id);
}
