/** The logs' filter form and the query it stands for. */
import type { AttemptState, LogQuery } from '@contract';
import type { PickedContact } from './ContactFilter';

export interface LogFilter {
  /** datetime-local values, read in the computer's zone. */
  from: string;
  to: string;
  alertId: number | null;
  contact: PickedContact | null;
  state: AttemptState | null;
}

export const emptyFilter = (): LogFilter => ({ from: '', to: '', alertId: null, contact: null, state: null });

function iso(local: string): string | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export type LogFilterQuery = Omit<LogQuery, 'channel' | 'beforeId' | 'limit'>;

export function queryOf(f: LogFilter): LogFilterQuery {
  const from = iso(f.from);
  const to = iso(f.to);
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(f.alertId ? { alertId: f.alertId } : {}),
    ...(f.contact ? { contactId: f.contact.id } : {}),
    ...(f.state ? { state: f.state } : {}),
  };
}

/** "from after to" is the one mistake the form can see itself. */
export function rangeProblem(f: LogFilter): boolean {
  const from = iso(f.from);
  const to = iso(f.to);
  return Boolean(from && to && from > to);
}
