/**
 * What outgoing webhooks tell about, read from the tables themselves since a time: alerts
 * launched and finished, people who confirmed or declined, proposals made, and running alerts
 * (for progress). The feed's cursor is kept in app_meta.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/store';

const CURSOR_KEY = 'webhooks.feed_cursor';

export async function feedCursor(q: Queryable): Promise<number | null> {
  const row = await q.get<{ value: string }>(sql`SELECT value AS "value" FROM app_meta WHERE key = ${CURSOR_KEY}`);
  return row ? Number(row.value) : null;
}

export async function setFeedCursor(q: Queryable, at: number): Promise<void> {
  await q.run(sql`
    INSERT INTO app_meta (key, value) VALUES (${CURSOR_KEY}, ${String(at)})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

export interface FeedAlert {
  id: number;
  title: string;
  state: 'pending_approval' | 'queued' | 'running' | 'completed' | 'canceled' | 'expired';
  drill: boolean;
  voiceText: string;
  smsText: string;
  createdAt: number;
  approvedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  burnedAt: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function feedAlerts(q: Queryable, where: SQL): Promise<FeedAlert[]> {
  return q
    .all<Omit<FeedAlert, 'drill'> & { drill: number }>(
      sql`
    SELECT a.id AS "id", a.title AS "title", a.state AS "state", a.drill AS "drill", a.voice_text AS "voiceText", a.sms_text AS "smsText",
      a.created_at AS "createdAt", a.approved_at AS "approvedAt", a.started_at AS "startedAt", a.finished_at AS "finishedAt", b.burned_at AS "burnedAt"
    FROM alerts a LEFT JOIN burn_messages b ON b.alert_id = a.id
    WHERE ${where} ORDER BY a.id`,
    )
    .then((rows) =>
      rows.map((r) => ({
        ...r,
        id: Number(r.id),
        drill: Number(r.drill) === 1,
        createdAt: Number(r.createdAt),
        approvedAt: num(r.approvedAt),
        startedAt: num(r.startedAt),
        finishedAt: num(r.finishedAt),
        burnedAt: num(r.burnedAt),
      })),
    );
}

/**
 * Alerts that went out (past approval) at or after `since`: launched straight away (created), or
 * approved. One still waiting for approval, or canceled before it was approved, never went out.
 */
export function alertsLaunchedSince(q: Queryable, since: number): Promise<FeedAlert[]> {
  return feedAlerts(
    q,
    sql`a.state <> 'pending_approval' AND COALESCE(a.approved_at, a.created_at) >= ${since}
      AND (a.approved_at IS NOT NULL OR a.started_at IS NOT NULL OR a.state IN ('queued', 'running'))`,
  );
}

/** Alerts that ended (completed, canceled, expired) at or after `since`. */
export function alertsFinishedSince(q: Queryable, since: number): Promise<FeedAlert[]> {
  return feedAlerts(q, sql`a.state IN ('completed', 'canceled', 'expired') AND a.finished_at >= ${since}`);
}

/** Alerts going out now: their progress is followed. */
export function runningAlerts(q: Queryable): Promise<FeedAlert[]> {
  return feedAlerts(q, sql`a.state = 'running'`);
}

export interface FeedAnswer {
  id: number;
  alertId: number;
  contactId: number | null;
  name: string;
  answer: 'confirmed' | 'declined';
  via: 'voice' | 'sms' | null;
  at: number;
  alertTitle: string;
  drill: boolean;
}

/**
 * People who confirmed or declined at or after `since`, in alerts still going or ended within
 * the hour before it (a late answer still counts; older alerts are not read every round).
 */
export async function answersSince(q: Queryable, since: number): Promise<FeedAnswer[]> {
  const alerts = sql`(a.state IN ('queued', 'running') OR a.finished_at >= ${since - 3_600_000})`;
  const rows = await q.all<Omit<FeedAnswer, 'drill'> & { drill: number }>(sql`
    SELECT r.id AS "id", r.alert_id AS "alertId", r.contact_id AS "contactId", r.name AS "name", 'confirmed' AS "answer",
      r.confirmed_via AS "via", r.confirmed_at AS "at", a.title AS "alertTitle", a.drill AS "drill"
    FROM alerts a JOIN alert_recipients r ON r.alert_id = a.id
    WHERE ${alerts} AND r.confirmed_at >= ${since}
    UNION ALL
    SELECT r.id AS "id", r.alert_id AS "alertId", r.contact_id AS "contactId", r.name AS "name", 'declined' AS "answer",
      NULL AS "via", r.declined_at AS "at", a.title AS "alertTitle", a.drill AS "drill"
    FROM alerts a JOIN alert_recipients r ON r.alert_id = a.id
    WHERE ${alerts} AND r.declined_at >= ${since}`);
  return rows
    .map((r) => ({ ...r, id: Number(r.id), alertId: Number(r.alertId), contactId: num(r.contactId), at: Number(r.at), drill: Number(r.drill) === 1 }))
    .sort((a, b) => a.at - b.at || a.id - b.id);
}

export interface FeedProposal {
  id: number;
  state: string;
  format: string;
  sourceKey: string;
  sender: string;
  externalId: string;
  status: string;
  event: string;
  headline: string;
  area: string;
  severity: string;
  urgency: string;
  ruleName: string | null;
  alertId: number | null;
  receivedAt: number;
}

/** Proposals made at or after `since`. */
export async function proposalsSince(q: Queryable, since: number): Promise<FeedProposal[]> {
  const rows = await q.all<FeedProposal>(sql`
    SELECT id AS "id", state AS "state", format AS "format", source_key AS "sourceKey", sender AS "sender", external_id AS "externalId",
      status AS "status", event AS "event", headline AS "headline", area AS "area", severity AS "severity", urgency AS "urgency",
      rule_name AS "ruleName", alert_id AS "alertId", received_at AS "receivedAt"
    FROM proposals WHERE received_at >= ${since} ORDER BY id`);
  return rows.map((r) => ({ ...r, id: Number(r.id), alertId: num(r.alertId), receivedAt: Number(r.receivedAt) }));
}
