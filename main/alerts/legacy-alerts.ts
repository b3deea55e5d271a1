/**
 * The alerts' synchronous code on the legacy `Db`, kept only for the callers not yet async
 * (the scheduler's launch and pre-flight, the engine's and the desktop's "any alert active?"):
 * AlertsService's legacy twins use it. The async path is alerts-store.ts, alert-view-store.ts,
 * launch.ts and alert-view.ts; this file goes once every caller is async (issue 13).
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { escalationPolicySchema, type Alert, type AlertCounters, type AlertDraft, type Channel } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { inTransaction, isoOrNull, iso, now } from '../db/tx';
import type { ResolvedTexts } from '../dispatch/preflight';
import { stageRecipients, TEXT_NUMBER, VOICE_NUMBERS } from '../dispatch/recipients';
import { notFound } from '../errors';
import { recordedTextElsewhere } from '../burn/text-elsewhere';

interface LegacyLaunchResult {
  alertId: number;
  /** False when the launch key had been used: the existing alert is returned, nothing new written. */
  created: boolean;
}

function existingAlertId(db: Db, launchKey: string): number | null {
  return db.get<{ id: number } | undefined>(sql`SELECT id FROM alerts WHERE launch_key = ${launchKey}`)?.id ?? null;
}

// Legacy twin until every caller is async (issue 13).
export function legacyLaunchAlert(
  db: Db,
  input: { launchKey: string; draft: AlertDraft; texts: ResolvedTexts; needsApproval: (recipients: number) => boolean; scheduleId?: number | null; onSimulator?: boolean },
  actor: Actor,
): LegacyLaunchResult {
  const sqlite = db.$client;
  return inTransaction(db, () => {
    const existing = existingAlertId(db, input.launchKey);
    if (existing !== null) return { alertId: existing, created: false };

    const { draft, texts } = input;
    const at = now();
    stageRecipients(db, draft.groupIds, draft.contactIds);
    const recipients = db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM temp.staged_recipients s JOIN contacts c ON c.id = s.contact_id WHERE c.active = 1`,
    ).n;
    const contentSha256 = createHash('sha256').update(`${texts.voiceText}\u0000${texts.smsText}`).digest('hex');
    const alertId = Number(
      sqlite
        .prepare(
          `INSERT INTO alerts (launch_key, title, template_id, voice_text, sms_text, language, confirm_digit, decline_digit, state, drill,
             channels, policy, content_sha256, created_by, created_at, expires_at, schedule_id, on_simulator)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.launchKey,
          draft.title,
          draft.templateId ?? null,
          texts.voiceText,
          texts.smsText,
          draft.language,
          texts.confirmDigit,
          texts.declineDigit,
          input.needsApproval(recipients) ? 'pending_approval' : 'queued',
          draft.drill ? 1 : 0,
          JSON.stringify(draft.channels),
          JSON.stringify(draft.policy),
          contentSha256,
          actor.id,
          at,
          at + draft.policy.expiresAfterMinutes * 60_000,
          input.scheduleId ?? null,
          input.onSimulator === undefined ? null : input.onSimulator ? 1 : 0,
        ).lastInsertRowid,
    );
    if (draft.burn) {
      // The trail a burn leaves: the content's hash, when, and (later) who burned it.
      // 'end' learns its burn time when the call-out ends (the burner sets it from finished_at).
      const timed = draft.burn.after === 'time' || draft.burn.after === 'end';
      const burnAt = draft.burn.after === 'time' ? at + draft.burn.minutes * 60_000 : null;
      db.run(sql`
        INSERT INTO burn_messages (alert_id, burn_after, burn_at, burn_minutes, content_sha256, created_at)
        VALUES (${alertId}, ${draft.burn.after}, ${burnAt}, ${timed ? draft.burn.minutes : null}, ${contentSha256}, ${at})`);
    }
    const voice = draft.channels.includes('voice');
    const text = draft.channels.includes('sms');
    // Snapshots: the numbers escalation will try, and the number texts go to (stand-down included).
    db.run(sql`
      INSERT INTO alert_recipients (alert_id, contact_id, name, state, voice_numbers, sms_number)
      SELECT ${alertId}, c.id, c.name, 'pending', ${voice ? VOICE_NUMBERS(sql`c.id`) : sql`'[]'`}, ${TEXT_NUMBER(sql`c.id`)}
      FROM temp.staged_recipients s JOIN contacts c ON c.id = s.contact_id
      WHERE c.active = 1 ORDER BY s.pos`);
    // Nobody to call or text: recorded as unreached at once, so the report shows them.
    db.run(sql`
      UPDATE alert_recipients SET state = 'unreached'
      WHERE alert_id = ${alertId} AND voice_numbers = '[]' AND (${text ? 0 : 1} = 1 OR sms_number IS NULL)`);
    const firstAttempts = (channel: 'voice' | 'sms', number: SQL, has: SQL) =>
      db.run(sql`
        INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
        SELECT ${alertId}, id, ${channel}, ${number}, 0, 0, 'queued', ${at}, ${at}, ${at}
        FROM alert_recipients WHERE alert_id = ${alertId} AND ${has} ORDER BY id`);
    if (voice) firstAttempts('voice', sql`json_extract(voice_numbers, '$[0]')`, sql`voice_numbers <> '[]'`);
    if (text) firstAttempts('sms', sql`sms_number`, sql`sms_number IS NOT NULL`);
    // Nobody could be reached on the chosen channels: the alert is over before it began (and
    // the report lists everyone as unreached).
    db.run(sql`
      UPDATE alerts SET state = 'completed', started_at = ${at}, finished_at = ${at}
      WHERE id = ${alertId} AND state = 'queued' AND NOT EXISTS (SELECT 1 FROM dispatch_attempts WHERE alert_id = ${alertId})`);
    appendAudit(db, actor, {
      action: 'alerts.launch',
      target: { type: 'alert', id: alertId },
      details: { title: draft.title, drill: draft.drill, channels: draft.channels, recipients, launchKey: input.launchKey },
    });
    return { alertId, created: true };
  });
}

interface AlertRow {
  id: number;
  launch_key: string;
  title: string;
  on_simulator: number | null;
  state: Alert['state'];
  drill: number;
  channels: string;
  policy: string;
  voice_text: string;
  sms_text: string;
  created_by_name: string | null;
  created_by: number | null;
  approved_by_name: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  expires_at: number | null;
  schedule_id: number | null;
  burn_after: 'time' | 'delivery' | 'confirmation' | 'end' | null;
  burn_minutes: number | null;
  burn_at: number | null;
  burned_at: number | null;
}

function countersOf(db: Db, alertId: number): AlertCounters {
  const people = db.get<{ total: number; confirmed: number; declined: number; pending: number; unreached: number; canceled: number }>(sql`
    SELECT COUNT(*) AS total,
      COALESCE(SUM(state = 'confirmed'), 0) AS confirmed,
      COALESCE(SUM(state = 'declined'), 0) AS declined,
      COALESCE(SUM(state = 'pending'), 0) AS pending,
      COALESCE(SUM(state = 'unreached'), 0) AS unreached,
      COALESCE(SUM(state = 'canceled'), 0) AS canceled
    FROM alert_recipients WHERE alert_id = ${alertId}`);
  const attempts = db.get<Record<string, number>>(sql`
    SELECT
      COALESCE(SUM(state = 'queued'), 0) AS queued,
      COALESCE(SUM(state IN ('submitting', 'submitted')), 0) AS dialling,
      COALESCE(SUM(channel = 'voice' AND state = 'ringing'), 0) AS ringing,
      COALESCE(SUM(channel = 'voice' AND answered_at IS NOT NULL), 0) AS answered,
      COALESCE(SUM(state IN ('failed', 'busy', 'no_answer')), 0) AS failed,
      COALESCE(SUM(state = 'in_doubt'), 0) AS in_doubt,
      COALESCE(SUM(channel = 'sms' AND state IN ('in_progress', 'completed')), 0) AS sms_sent
    FROM dispatch_attempts WHERE alert_id = ${alertId}`);
  return {
    recipients: people.total,
    pending: people.pending,
    unreached: people.unreached,
    canceled: people.canceled,
    queued: attempts.queued ?? 0,
    dialling: attempts.dialling ?? 0,
    ringing: attempts.ringing ?? 0,
    answered: attempts.answered ?? 0,
    confirmed: people.confirmed,
    declined: people.declined,
    failed: attempts.failed ?? 0,
    inDoubt: attempts.in_doubt ?? 0,
    smsSent: attempts.sms_sent ?? 0,
  };
}

// Legacy twin until every caller is async (issue 13).
/** `onSimulator`: the running carriers' answer for an alert launched before alerts kept their own. */
export function legacyGetAlert(
  db: Db,
  id: number,
  waitingForUplink = false,
  onSimulator: (drill: boolean) => boolean = () => false,
  /** Whether its first calls wait for the public URL's check (dispatch/public-url-wait.ts). */
  waitingForPublicUrl: (alertId: number) => boolean = () => false,
): Alert {
  const row = db.get<AlertRow | undefined>(sql`
    SELECT a.*, u.username AS created_by_name, v.username AS approved_by_name, b.burn_after, b.burn_minutes, b.burn_at, b.burned_at FROM alerts a
    LEFT JOIN users u ON u.id = a.created_by LEFT JOIN users v ON v.id = a.approved_by
    LEFT JOIN burn_messages b ON b.alert_id = a.id WHERE a.id = ${id}`);
  if (!row) throw notFound('alert', id);
  return {
    id: row.id,
    launchKey: row.launch_key,
    title: row.title,
    state: row.state,
    drill: row.drill === 1,
    channels: JSON.parse(row.channels) as Channel[],
    policy: escalationPolicySchema.parse(JSON.parse(row.policy)),
    voiceText: row.voice_text,
    smsText: row.sms_text,
    createdBy: row.created_by_name,
    createdById: row.created_by,
    approvedBy: row.approved_by_name,
    createdAt: iso(row.created_at),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    expiresAt: isoOrNull(row.expires_at),
    waitingForUplink: waitingForUplink && (row.state === 'queued' || row.state === 'running'),
    // What the alert was launched onto; alerts from before that was kept ask the running carriers.
    onSimulator: row.on_simulator === null ? onSimulator(row.drill === 1) : row.on_simulator === 1,
    waitingForPublicUrl: waitingForPublicUrl(row.id),
    counters: countersOf(db, id),
    burn: row.burn_after
      ? {
          after: row.burn_after,
          minutes: row.burn_minutes,
          burnAt: isoOrNull(row.burn_at),
          burnedAt: isoOrNull(row.burned_at),
          textElsewhere: row.burned_at ? recordedTextElsewhere(db, id) : [],
        }
      : null,
    scheduleId: row.schedule_id,
  };
}

// Legacy twin until every caller is async (issue 13).
export function legacyListAlertIds(db: Db, q: { active?: boolean; beforeId?: number; limit: number }): number[] {
  const active = q.active === undefined ? sql`` : q.active ? sql`AND state IN ('pending_approval', 'queued', 'running')` : sql`AND state NOT IN ('pending_approval', 'queued', 'running')`;
  const before = q.beforeId ? sql`AND id < ${q.beforeId}` : sql``;
  return db.all<{ id: number }>(sql`SELECT id FROM alerts WHERE 1 = 1 ${active} ${before} ORDER BY id DESC LIMIT ${q.limit}`).map((r) => r.id);
}

// Legacy twin until every caller is async (issue 13).
export function legacyTemplateTexts(db: Db, templateId: number): { voiceText: string; smsText: string; confirmDigit: string; declineDigit: string } | undefined {
  const t = db.get<{ voice_text: string; sms_text: string; confirm_digit: string; decline_digit: string } | undefined>(
    sql`SELECT voice_text, sms_text, confirm_digit, decline_digit FROM templates WHERE id = ${templateId}`,
  );
  return t && { voiceText: t.voice_text, smsText: t.sms_text, confirmDigit: t.confirm_digit, declineDigit: t.decline_digit };
}

// Legacy twin until every caller is async (issue 13).
export function legacyOutsideRoster(db: Db, draft: Pick<AlertDraft, 'groupIds' | 'contactIds'>, roster: number): number {
  return db.get<{ n: number }>(sql`
    SELECT COUNT(*) AS n FROM (
      SELECT contact_id AS id FROM group_members WHERE group_id IN (${sql.join([0, ...draft.groupIds].map((g) => sql`${g}`), sql`, `)})
      UNION SELECT value FROM json_each(${JSON.stringify(draft.contactIds)}))
    WHERE id NOT IN (SELECT contact_id FROM group_members WHERE group_id = ${roster})`).n;
}
