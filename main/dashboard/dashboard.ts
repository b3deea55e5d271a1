/** Översikt's figures: today's and this week's totals and fourteen days of rates, by local day. */
import { sql } from 'drizzle-orm';
import type { Dashboard, HealthItem } from '../contract';
import type { Db } from '../db/open';
import { iso } from '../db/tx';
import { addDays, localDay, mondayOf, startOfLocalDay } from './day-bounds';

const DAYS = 14;

function totals(db: Db, from: number, to: number) {
  const alerts = db.get<{ alerts: number; drills: number }>(sql`
    SELECT COUNT(*) AS alerts, COALESCE(SUM(drill), 0) AS drills FROM alerts WHERE created_at >= ${from} AND created_at < ${to}`);
  const attempts = db.get<{ calls: number; sms: number }>(sql`
    SELECT COALESCE(SUM(t.channel = 'voice' AND t.carrier_sid IS NOT NULL), 0) AS calls,
      COALESCE(SUM(t.channel = 'sms' AND t.carrier_sid IS NOT NULL), 0) AS sms
    FROM alerts a JOIN dispatch_attempts t ON t.alert_id = a.id WHERE a.created_at >= ${from} AND a.created_at < ${to}`);
  const people = db.get<{ recipients: number; confirmed: number }>(sql`
    SELECT COUNT(*) AS recipients, COALESCE(SUM(r.state = 'confirmed'), 0) AS confirmed
    FROM alerts a JOIN alert_recipients r ON r.alert_id = a.id WHERE a.created_at >= ${from} AND a.created_at < ${to}`);
  return { ...alerts, ...attempts, ...people };
}

/** Delivered: a call answered or a text delivered, of the attempts that reached the carrier. */
function rates(db: Db, from: number, to: number) {
  const sent = db.get<{ sent: number; delivered: number }>(sql`
    SELECT COALESCE(SUM(t.carrier_sid IS NOT NULL), 0) AS sent,
      COALESCE(SUM((t.channel = 'voice' AND t.answered_at IS NOT NULL) OR (t.channel = 'sms' AND t.state = 'completed')), 0) AS delivered
    FROM alerts a JOIN dispatch_attempts t ON t.alert_id = a.id
    WHERE a.created_at >= ${from} AND a.created_at < ${to} AND t.purpose = 'alert'`);
  const t = totals(db, from, to);
  return {
    alerts: t.alerts,
    deliveryRate: sent.sent > 0 ? sent.delivered / sent.sent : null,
    confirmationRate: t.recipients > 0 ? t.confirmed / t.recipients : null,
  };
}

export function dashboardFigures(db: Db, opts: { now: number; timeZone: string; health: HealthItem[] }): Dashboard {
  const today = localDay(opts.now, opts.timeZone);
  const start = (day: string) => startOfLocalDay(day, opts.timeZone);
  const tomorrow = start(addDays(today, 1));
  const daily = Array.from({ length: DAYS }, (_, i) => {
    const day = addDays(today, i - DAYS + 1);
    return { day, ...rates(db, start(day), start(addDays(day, 1))) };
  });
  return {
    generatedAt: iso(opts.now),
    today: totals(db, start(today), tomorrow),
    week: totals(db, start(mondayOf(today)), tomorrow),
    daily,
    health: opts.health,
  };
}
