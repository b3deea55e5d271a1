/** Reading alerts back: the DTO with live counters, from the ledger itself (never a cache). */
import { escalationPolicySchema, type Alert, type AlertCounters, type Channel } from '../contract';
import type { Queryable } from '../db/store';
import { isoOrNull, iso } from '../db/tx';
import { notFound } from '../errors';
import { recordedTextElsewhere } from '../burn/text-elsewhere';
import { alertCounts, alertRow } from './alert-view-store';

export async function countersOf(q: Queryable, alertId: number): Promise<AlertCounters> {
  const { people, attempts } = await alertCounts(q, alertId);
  return {
    recipients: Number(people.total),
    pending: Number(people.pending),
    unreached: Number(people.unreached),
    canceled: Number(people.canceled),
    queued: Number(attempts.queued),
    dialling: Number(attempts.dialling),
    ringing: Number(attempts.ringing),
    answered: Number(attempts.answered),
    confirmed: Number(people.confirmed),
    declined: Number(people.declined),
    failed: Number(attempts.failed),
    inDoubt: Number(attempts.inDoubt),
    smsSent: Number(attempts.smsSent),
  };
}

export interface AlertViewOptions {
  waitingForUplink?: boolean;
  /** The running carriers' answer for an alert launched before alerts kept their own. */
  onSimulator?: (drill: boolean) => boolean;
  /** Whether its first calls wait for the public URL's check (dispatch/public-url-wait.ts). */
  waitingForPublicUrl?: (alertId: number) => boolean | Promise<boolean>;
}

export async function getAlert(q: Queryable, id: number, opts: AlertViewOptions = {}): Promise<Alert> {
  const row = await alertRow(q, id);
  if (!row) throw notFound('alert', id);
  const drill = Number(row.drill) === 1;
  const counters = await countersOf(q, id);
  return {
    id: row.id,
    launchKey: row.launchKey,
    title: row.title,
    state: row.state,
    drill,
    channels: JSON.parse(row.channels) as Channel[],
    policy: escalationPolicySchema.parse(JSON.parse(row.policy)),
    voiceText: row.voiceText,
    smsText: row.smsText,
    createdBy: row.createdByName,
    createdById: row.createdBy,
    approvedBy: row.approvedByName,
    createdAt: iso(row.createdAt),
    startedAt: isoOrNull(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    expiresAt: isoOrNull(row.expiresAt),
    waitingForUplink: (opts.waitingForUplink ?? false) && (row.state === 'queued' || row.state === 'running'),
    // What the alert was launched onto; alerts from before that was kept ask the running carriers.
    onSimulator: row.onSimulator === null ? (opts.onSimulator?.(drill) ?? false) : Number(row.onSimulator) === 1,
    waitingForPublicUrl: opts.waitingForPublicUrl ? await opts.waitingForPublicUrl(row.id) : false,
    counters,
    burn: row.burnAfter
      ? {
          after: row.burnAfter,
          minutes: row.burnMinutes,
          burnAt: isoOrNull(row.burnAt),
          burnedAt: isoOrNull(row.burnedAt),
          textElsewhere: row.burnedAt !== null ? await recordedTextElsewhere(q, id) : [],
        }
      : null,
    scheduleId: row.scheduleId,
  };
}
