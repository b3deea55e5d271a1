/**
 * Which carrier an alert uses. Live alerts go to the configured carrier; with "drills to the
 * simulator" set, drills go to the built-in simulator instead, so an exercise never rings a
 * real phone.
 */
import type { CarrierPort } from '../carriers/carrier-port';
import type { Queryable } from '../db/store';
import { alertIsDrill } from './alert-facts-store';

export interface Carriers {
  /** The carrier for an alert whose drill flag the caller has at hand (the dispatcher's hot path). */
  forDrill(drill: boolean): CarrierPort;
  /** The carrier for an alert, its drill flag read once per alert through the store. */
  forAlert(alertId: number): Promise<CarrierPort>;
  /** Every carrier in use, e.g. to check whose token signed a callback. */
  all(): CarrierPort[];
}

export function carriersFor(store: Queryable, live: CarrierPort, drill: CarrierPort | null): Carriers {
  if (!drill) return { forDrill: () => live, forAlert: () => Promise.resolve(live), all: () => [live] };
  // An alert's drill flag never changes: a memo, so each alert is asked about once.
  const isDrill = new Map<number, boolean>();
  return {
    forDrill: (drillAlert) => (drillAlert ? drill : live),
    async forAlert(alertId) {
      let drillAlert = isDrill.get(alertId);
      if (drillAlert === undefined) {
        drillAlert = (await alertIsDrill(store, alertId)) === true;
        isDrill.set(alertId, drillAlert);
      }
      return drillAlert ? drill : live;
    },
    all: () => [live, drill],
  };
}
