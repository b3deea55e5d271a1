/**
 * Which carrier an alert uses. Live alerts go to the configured carrier; with "drills to the
 * simulator" set, drills go to the built-in simulator instead, so an exercise never rings a
 * real phone.
 */
import { sql } from 'drizzle-orm';
import type { CarrierPort } from '../carriers/carrier-port';
import type { Db } from '../db/open';

export interface Carriers {
  forAlert(alertId: number): CarrierPort;
  /** Every carrier in use, e.g. to check whose token signed a callback. */
  all(): CarrierPort[];
}

export function carriersFor(db: Db, live: CarrierPort, drill: CarrierPort | null): Carriers {
  if (!drill) return { forAlert: () => live, all: () => [live] };
  const isDrill = new Map<number, boolean>();
  return {
    forAlert(alertId) {
      let drillAlert = isDrill.get(alertId);
      if (drillAlert === undefined) {
        drillAlert = db.get<{ drill: number } | undefined>(sql`SELECT drill FROM alerts WHERE id = ${alertId}`)?.drill === 1;
        isDrill.set(alertId, drillAlert);
      }
      return drillAlert ? drill : live;
    },
    all: () => [live, drill],
  };
}
