/**
 * Live progress, batched: the rows the writes themselves note (./change-feed-store.ts) are
 * drained at most every 125 ms into one `alert.progress` event with the counters of every
 * changed alert and the changed recipients' rows as they now are. A thousand writes a second
 * become eight messages, each with all that changed; nobody has to remember to report a change.
 */
import type { Queryable } from '../db/store';
import type { EventBus } from '../events/event-bus';
import { getAlert } from './alert-view';
import { recipientRowsByIds } from './recipient-rows';
import type { ChangeFeed } from './row-changes';

export const PROGRESS_INTERVAL_MS = 125;
/**
 * More changed people than this in one alert within one batch (a cancel or stand-down of a
 * big alert) are not sent row by row: the alert says `reloadRecipients` and each console reads
 * again the rows it shows.
 */
export const MAX_ROWS_PER_ALERT = 500;

export class ProgressPublisher {
  private timer: NodeJS.Timeout | null = null;
  /** A flush under way; the next one waits for it, so batches go out in the order they were read. */
  private flushing: Promise<void> | null = null;
  private changedWhileFlushing = false;
  private stopped = false;
  private readonly off: () => void;

  constructor(
    private readonly store: Queryable,
    private readonly bus: EventBus,
    private readonly changes: ChangeFeed,
    private readonly waitingForUplink: () => boolean,
    /** Whether an alert's first calls wait for the public URL's check (dispatch/public-url-wait.ts). */
    private readonly waitingForPublicUrl: (alertId: number) => boolean | Promise<boolean> = () => false,
    /** Where a flush that failed is reported (the next change tries again). */
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.off = changes.onChange(() => this.schedule());
  }

  private schedule() {
    if (this.stopped) return;
    // Counted from the last batch sent, not from its reading: two batches never come closer.
    if (this.flushing) this.changedWhileFlushing = true;
    else this.timer ??= setTimeout(() => void this.flush(), PROGRESS_INTERVAL_MS);
  }

  /** Drains and publishes now; resolves once the batch (if any) was emitted. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing;
    this.flushing = this.publish()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.flushing = null;
        if (this.changedWhileFlushing) {
          this.changedWhileFlushing = false;
          this.schedule();
        }
      });
    await this.flushing;
  }

  private async publish(): Promise<void> {
    const changed = await this.changes.drain();
    if (!changed) {
      // A transaction is open (it cannot be during a timer, but never read uncommitted notes).
      this.changedWhileFlushing = true;
      return;
    }
    if (changed.alertIds.length === 0) return;
    const waiting = this.waitingForUplink();
    const rowIds: number[] = [];
    const alerts = [];
    for (const id of changed.alertIds) {
      let a;
      try {
        a = await getAlert(this.store, id, { waitingForUplink: waiting, waitingForPublicUrl: this.waitingForPublicUrl });
      } catch {
        continue; // deleted since (retention): nothing left to show
      }
      const people = changed.recipientIds.get(id) ?? [];
      const reloadRecipients = changed.reloadAlertIds.has(id) || people.length > MAX_ROWS_PER_ALERT;
      if (!reloadRecipients) rowIds.push(...people);
      alerts.push({ id, state: a.state, waitingForUplink: a.waitingForUplink, waitingForPublicUrl: a.waitingForPublicUrl, counters: a.counters, burnedAt: a.burn?.burnedAt ?? null, reloadRecipients });
    }
    if (alerts.length === 0) return;
    const recipients = await recipientRowsByIds(this.store, rowIds);
    if (this.stopped) return;
    this.bus.emit('alert.progress', { alerts, recipients });
  }

  stop() {
    this.stopped = true;
    this.off();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
