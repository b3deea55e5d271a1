/**
 * Batches live progress: whatever touches an alert marks it dirty, and at most every 125 ms one
 * `alert.progress` event carries the counters of every dirty alert. A thousand callbacks a
 * second become eight messages, each with all that changed.
 */
import type { Db } from '../db/open';
import type { EventBus } from '../events/event-bus';
import { getAlert } from './alert-view';
import { recipientRowsByIds } from './recipient-rows';

export const PROGRESS_INTERVAL_MS = 125;

export class ProgressPublisher {
  private readonly dirty = new Set<number>();
  private readonly dirtyRecipients = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly waitingForUplink: () => boolean,
  ) {}

  touched(alertId: number, recipientId?: number) {
    this.dirty.add(alertId);
    if (recipientId !== undefined) this.dirtyRecipients.add(recipientId);
    this.timer ??= setTimeout(() => this.flush(), PROGRESS_INTERVAL_MS);
  }

  flush() {
    this.timer = null;
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    const recipientIds = [...this.dirtyRecipients];
    this.dirty.clear();
    this.dirtyRecipients.clear();
    const waiting = this.waitingForUplink();
    const alerts = ids.map((id) => {
      const a = getAlert(this.db, id, waiting);
      return { id, state: a.state, waitingForUplink: a.waitingForUplink, counters: a.counters };
    });
    this.bus.emit('alert.progress', { alerts, recipients: recipientRowsByIds(this.db, recipientIds) });
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
