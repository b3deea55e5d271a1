/**
 * Översikt's counts over alerts, their recipients and dispatch attempts, between two instants
 * (the local day's bounds, computed by the caller).
 */
import { sql } from 'drizzle-orm';
import { countWhere } from '../db/dialect-sql';
import type { Queryable } from '../db/store';

export interface PeriodTotals {
  alerts: number;
  drills: number;
  calls: number;
  sms: number;
  recipients: number;
  confirmed: number;
}

export interface PeriodDelivery {
  /** Attempts that reached the carrier. */
  sent: number;
  /** Of those: a call answered or a text delivered. */
  delivered: number;
}

/** Alerts created in [from, to), with what was sent for them and who confirmed. */
export async function periodTotals(q: Queryable, from: number, to: number): Promise<PeriodTotals> {
  const alerts = await q.get<{ alerts: number; drills: number }>(sql`
    SELECT COUNT(*) AS "alerts", COALESCE(SUM(drill), 0) AS "drills" FROM alerts WHERE created_at >= ${from} AND created_at < ${to}`);
  const attempts = await q.get<{ calls: number; sms: number }>(sql`
    SELECT COALESCE(${countWhere(sql`t.channel = 'voice' AND t.carrier_sid IS NOT NULL`)}, 0) AS "calls",
      COALESCE(${countWhere(sql`t.channel = 'sms' AND t.carrier_sid IS NOT NULL`)}, 0) AS "sms"
    FROM alerts a JOIN dispatch_attempts t ON t.alert_id = a.id WHERE a.created_at >= ${from} AND a.created_at < ${to}`);
  const people = await q.get<{ recipients: number; confirmed: number }>(sql`
    SELECT COUNT(*) AS "recipients", COALESCE(${countWhere(sql`r.state = 'confirmed'`)}, 0) AS "confirmed"
    FROM alerts a JOIN alert_recipients r ON r.alert_id = a.id WHERE a.created_at >= ${from} AND a.created_at < ${to}`);
  return {
    alerts: Number(alerts?.alerts ?? 0),
    drills: Number(alerts?.drills ?? 0),
    calls: Number(attempts?.calls ?? 0),
    sms: Number(attempts?.sms ?? 0),
    recipients: Number(people?.recipients ?? 0),
    confirmed: Number(people?.confirmed ?? 0),
  };
}

/** Alert attempts (not follow-ups) for alerts created in [from, to): sent, and delivered. */
export async function periodDelivery(q: Queryable, from: number, to: number): Promise<PeriodDelivery> {
  const row = await q.get<PeriodDelivery>(sql`
    SELECT COALESCE(${countWhere(sql`t.carrier_sid IS NOT NULL`)}, 0) AS "sent",
      COALESCE(${countWhere(sql`(t.channel = 'voice' AND t.answered_at IS NOT NULL) OR (t.channel = 'sms' AND t.state = 'completed')`)}, 0) AS "delivered"
    FROM alerts a JOIN dispatch_attempts t ON t.alert_id = a.id
    WHERE a.created_at >= ${from} AND a.created_at < ${to} AND t.purpose = 'alert'`);
  return { sent: Number(row?.sent ?? 0), delivered: Number(row?.delivered ?? 0) };
}
