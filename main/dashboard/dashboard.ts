/** Översikt's figures: today's and this week's totals and fourteen days of rates, by local day. */
import type { Dashboard, HealthItem } from '../contract';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import { periodDelivery, periodTotals } from './dashboard-store';
import { addDays, localDay, mondayOf, startOfLocalDay } from './day-bounds';

const DAYS = 14;

/** Delivered: a call answered or a text delivered, of the attempts that reached the carrier. */
async function rates(q: Queryable, from: number, to: number) {
  const sent = await periodDelivery(q, from, to);
  const t = await periodTotals(q, from, to);
  return {
    alerts: t.alerts,
    deliveryRate: sent.sent > 0 ? sent.delivered / sent.sent : null,
    confirmationRate: t.recipients > 0 ? t.confirmed / t.recipients : null,
  };
}

export async function dashboardFigures(q: Queryable, opts: { now: number; timeZone: string; health: HealthItem[] }): Promise<Dashboard> {
  const today = localDay(opts.now, opts.timeZone);
  const start = (day: string) => startOfLocalDay(day, opts.timeZone);
  const tomorrow = start(addDays(today, 1));
  const daily = [];
  for (let i = 0; i < DAYS; i++) {
    const day = addDays(today, i - DAYS + 1);
    daily.push({ day, ...(await rates(q, start(day), start(addDays(day, 1)))) });
  }
  return {
    generatedAt: iso(opts.now),
    today: await periodTotals(q, start(today), tomorrow),
    week: await periodTotals(q, start(mondayOf(today)), tomorrow),
    daily,
    health: opts.health,
  };
}
