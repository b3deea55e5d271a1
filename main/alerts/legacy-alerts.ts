/**
 * The alerts' synchronous code on the legacy `Db`, kept only for the callers not yet async
 * (the engine's and the desktop's "any alert active?", `AlertsService.list`):
 * AlertsService's legacy twins use it. The async path is alerts-store.ts, alert-view-store.ts,
 * launch.ts and alert-view.ts; this file goes once every caller is async (issue 13).
 */
import { sql } from 'drizzle-orm';
import { escalationPolicySchema, type Alert, type AlertCounters, type Channel } from '../contract';
import type { Db } from '../db/open';
import { isoOrNull, iso } from '../db/tx';
import { notFound } from '../errors';
import { recordedTextElsewhere } from '../burn/text-elsewhere';

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

