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
 * Once an alert is running (something went out) nothing waits here: the periodic check keeps the
 * health fresh, and escalation must not pause for it.
 */
import { PUBLIC_URL_FRESH_MS } from '../conversation/reachability';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { PublicUrl } from '../tunnel/public-url';

export class PublicUrlWait {
  private readonly since;

  constructor(
    private readonly d: {
      db: Db;
      publicUrl: Pick<PublicUrl, 'base' | 'status' | 'check'>;
      /** Called when a check the held calls waited for has ended. */
      onChecked: () => void;
      log: Logger;
    },
  ) {
    this.since = d.db.$client.prepare<[number], { state: string; since: number; channels: string }>(
      'SELECT state, COALESCE(approved_at, created_at) AS since, channels FROM alerts WHERE id = ?',
    );
  }

  /**
   * Whether calls for an alert ready to go at `since` need a newer check of the public URL first.
   * Pure (starts nothing): the alert view uses it to say why an alert waits.
   */
  needsCheck(since: number): boolean {
    if (this.d.publicUrl.base() === null) return false; // no public URL: nothing to check, calls carry their words
    const health = this.d.publicUrl.status().health;
    return health === null || Date.parse(health.checkedAt) < since - PUBLIC_URL_FRESH_MS;
  }

  /** Whether an alert (queued, with calls, nothing sent yet) is waiting for the check: for the alert view. */
  holds(alert: { state: string; since: number; channels: readonly string[] }): boolean {
    return alert.state === 'queued' && alert.channels.includes('voice') && this.needsCheck(alert.since);
  }

  /** For the dispatcher: may this alert's calls go out now? If not, the check is started (once, shared). */
  callsMayStart(alertId: number): boolean {
    const row = this.since.get(alertId);
    if (!row || !this.holds({ state: row.state, since: row.since, channels: JSON.parse(row.channels) as string[] })) return true;
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
