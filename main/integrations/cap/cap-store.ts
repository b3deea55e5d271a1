/**
 * What the CAP export reads: one alert's row as it is now (texts are empty once burned) and, when
 * the alert answered an inbound alarm, that alarm's event, area, severity and urgency.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/store';

export interface CapAlertRow {
  id: number;
  launchKey: string;
  title: string;
  voiceText: string;
  smsText: string;
  language: 'sv' | 'en';
  drill: number;
  state: 'pending_approval' | 'queued' | 'running' | 'completed' | 'canceled' | 'expired';
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  expiresAt: number | null;
  /** Set once a burn message burned: its texts are gone. */
  burnedAt: number | null;
}

export interface CapAlarmRow {
  event: string;
  area: string;
  severity: string;
  urgency: string;
}

export function capAlertRow(q: Queryable, id: number): Promise<CapAlertRow | undefined> {
  return q.get<CapAlertRow>(sql`
    SELECT a.id AS "id", a.launch_key AS "launchKey", a.title AS "title", a.voice_text AS "voiceText", a.sms_text AS "smsText",
      a.language AS "language", a.drill AS "drill", a.state AS "state", a.created_at AS "createdAt", a.started_at AS "startedAt",
      a.finished_at AS "finishedAt", a.expires_at AS "expiresAt", b.burned_at AS "burnedAt"
    FROM alerts a LEFT JOIN burn_messages b ON b.alert_id = a.id WHERE a.id = ${id}`);
}

/** The latest inbound alarm (proposal) this alert was launched for, if any. */
export function capAlarmOfAlert(q: Queryable, alertId: number): Promise<CapAlarmRow | undefined> {
  return q.get<CapAlarmRow>(sql`
    SELECT event AS "event", area AS "area", severity AS "severity", urgency AS "urgency"
    FROM proposals WHERE alert_id = ${alertId} ORDER BY id DESC LIMIT 1`);
}
