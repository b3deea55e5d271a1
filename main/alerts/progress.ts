/**
 * Live progress, batched: the rows the writes themselves note (./row-changes.ts) are drained at
 * most every 125 ms into one `alert.progress` event with the counters of every changed alert
 * and the changed recipients' rows as they now are. A thousand writes a second become eight
 * messages, each with all that changed; nobody has to remember to report a change.
 */
import type { Db } from '../db/open';
import type { EventBus } from '../events/event-bus';
import { getAlert } from './alert-view';
import { recipientRowsByIds } from './recipient-rows';
import type { RowChanges } from './row-changes';

export const PROGRESS_INTERVAL_MS = 125;
/**
 * More changed people than this in one alert within one batch (a cancel or stand-down of a
 * big alert) are not sent row by row: the alert says `reloadRecipients` and each console reads
 * again the rows it shows.
 */
export const MAX_ROWS_PER_ALERT = 500;

export class ProgressPublisher {
  private timer: NodeJS.Timeout | null = null;
  private readonly off: () => void;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly changes: RowChanges,
    private readonly waitingForUplink: () => boolean,
    /** Whether an alert's first calls wait for the public URL's check (dispatch/public-url-wait.ts). */
    private readonly waitingForPublicUrl: (alertId: number) => boolean = () => false,
  ) {
    this.off = changes.onChange(() => this.schedule());
  }

  private schedule() {
    this.timer ??= setTimeout(() => this.flush(), PROGRESS_INTERVAL_MS);
  }

  flush() {
    this.timer = null;
    const changed = this.changes.drain();
    if (!changed) {
      // A transaction is open (it cannot be during a timer, but never read uncommitted notes).
      this.schedule();
      return;
    }
    if (changed.alertIds.length === 0) return;
    const waiting = this.waitingForUplink();
    const rowIds: number[] = [];
    const alerts = changed.alertIds.flatMap((id) => {
      let a;
      try {
        a = getAlert(this.db, id, waiting, undefined, this.waitingForPublicUrl);
      } catch {
        return []; // deleted since (retention): nothing left to show
      }
      const people = changed.recipientIds.get(id) ?? [];
      const reloadRecipients = people.length > MAX_ROWS_PER_ALERT;
      if (!reloadRecipients) rowIds.push(...people);
      return [{ id, state: a.state, waitingForUplink: a.waitingForUplink, waitingForPublicUrl: a.waitingForPublicUrl, counters: a.counters, burnedAt: a.burn?.burnedAt ?? null, reloadRecipients }];
    });
    if (alerts.length === 0) return;
    this.bus.emit('alert.progress', { alerts, recipients: recipientRowsByIds(this.db, rowIds) });
  }

  stop() {
    this.off();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
