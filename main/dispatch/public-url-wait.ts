/**
 * Launching does not wait for the public URL's end-to-end check: the alert is written at once
 * and the launch returns. What needs the check waits here instead — an alert's first calls.
 *
 * A call hands the carrier our public URL to fetch what it says and to post its status; if the
 * tunnel broke since the last check, the call would reach a person who hears an error. So before
 * an alert's first call, the public URL's health must come from a check no older than FRESH_MS
 * before the alert became ready to go (launched, or approved) — what the launch itself used to
 * await. Until then its calls are held (texts are not: they carry their words themselves, and a
 * lost status is polled), the check runs once for everyone waiting, and the dispatcher is kicked
 * when it ends, whatever it found: a failed check makes the calls carry their words inline.
 *
 * Once an alert's first call has gone out (or its calls were let go) nothing of it waits here
 * again: the periodic check keeps the health fresh, and escalation must not pause for it. Its
 * texts going out first does not count: they do not use the public URL for their words.
 */
import { PUBLIC_URL_FRESH_MS } from '../conversation/reachability';
import type { Queryable } from '../db/store';
import type { Logger } from '../log';
import type { PublicUrl } from '../tunnel/public-url';
import { callStanding } from './alert-facts-store';

export class PublicUrlWait {
  /** Alerts whose calls were let go: they never wait again (a memo, so a tick asks the database once per alert). */
  private readonly released = new Set<number>();

  constructor(
    private readonly d: {
      store: Queryable;
      publicUrl: Pick<PublicUrl, 'base' | 'status' | 'check'>;
      /** Called when a check the held calls waited for has ended. */
      onChecked: () => void;
      log: Logger;
    },
  ) {}

  /**
   * Whether calls for an alert ready to go at `since` need a newer check of the public URL first.
   * Pure (starts nothing): the alert view uses it to say why an alert waits.
   */
  needsCheck(since: number): boolean {
    if (this.d.publicUrl.base() === null) return false; // no public URL: nothing to check, calls carry their words
    const health = this.d.publicUrl.status().health;
    return health === null || Date.parse(health.checkedAt) < since - PUBLIC_URL_FRESH_MS;
  }

  /** Whether an alert's first calls are waiting for the check (starts nothing: for the alert view too). */
  async holds(alertId: number): Promise<boolean> {
    return (await this.standing(alertId)) === 'waits';
  }

  /** 'free' for good once active with its calls begun or its check fresh; 'not_active' (e.g. awaiting approval) decides later. */
  private async standing(alertId: number): Promise<'waits' | 'free' | 'not_active'> {
    if (this.released.has(alertId)) return 'free';
    const row = await callStanding(this.d.store, alertId);
    if (!row || !['queued', 'running'].includes(row.state)) return 'not_active';
    if (row.called || !row.channels.includes('voice') || !this.needsCheck(row.since)) return 'free';
    return 'waits';
  }

  /** For the dispatcher: may this alert's calls go out now? If not, the check is started (once, shared). */
  async callsMayStart(alertId: number): Promise<boolean> {
    const standing = await this.standing(alertId);
    if (standing === 'free') this.released.add(alertId);
    if (standing !== 'waits') return true;
    this.d.publicUrl.check().then(
      () => this.d.onChecked(),
      (error: unknown) => {
        this.d.log.warn({ err: error }, 'public URL check failed to run; calls go out without waiting for it');
        this.d.onChecked();
      },
    );
    return false;
  }
}
