/**
 * The console's words for the cluster the engine reports (ClusterStatus): the header's role, a
 * takeover. The engine decides who leads; these only say it.
 */
import type { TFunction } from 'i18next';
import type { ClusterStatus, Takeover } from '@contract';
import { formatDateTime, formatTime } from '../../i18n/format';

/**
 * How a workstation's part in the cluster looks (its part, not a user's role: the console decides
 * nothing by it, it only shows what the engine says).
 */
export const CLUSTER_PART = {
  leader: { leads: true, color: 'blue' },
  standby: { leads: false, color: 'gray' },
} as const;

/** The header's words for this engine's role, or null where there is one engine (SQLite). */
export function headerRole(t: TFunction, status: ClusterStatus | null): { label: string; hint: string } | null {
  if (!status?.multiple) return null;
  if (CLUSTER_PART[status.self.role].leads) return { label: t('cluster.header.leader', { name: status.self.name }), hint: t('cluster.header.leaderHint') };
  if (!status.leader) return { label: t('cluster.header.standbyNoLeader'), hint: t('cluster.header.standbyNoLeaderHint') };
  return {
    label: t('cluster.header.standby', { leader: status.leader.name }),
    hint: t('cluster.header.standbyHint', { leader: status.leader.name }),
  };
}

/** The announcement of a takeover: "ws-b har tagit över ledningen från ws-a kl. 07:01:05 CET." */
export function takeoverText(t: TFunction, takeover: Takeover, language: string): string {
  const at = formatTime(takeover.at, language);
  return takeover.from ? t('cluster.takeover.text', { to: takeover.to, from: takeover.from, at }) : t('cluster.takeover.textUnknown', { to: takeover.to, at });
}

/** Översikt's line on the last takeover, with its date. */
export function lastTakeoverText(t: TFunction, takeover: Takeover | null, language: string): string {
  if (!takeover) return t('cluster.workstations.noTakeover');
  const at = formatDateTime(takeover.at, language);
  return takeover.from
    ? t('cluster.workstations.lastTakeover', { to: takeover.to, from: takeover.from, at })
    : t('cluster.workstations.lastTakeoverUnknown', { to: takeover.to, at });
}

/** The same takeover told twice (by the event and again in a status) is announced once. */
export function takeoverKey(takeover: Takeover): string {
  return `${takeover.at}|${takeover.to}`;
}
