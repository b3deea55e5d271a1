/**
 * Schedules in the engine: the service behind the contract, and (when the engine dispatches)
 * the clock that launches each run through the same path as a manual launch — the same checks,
 * the same pre-flight, the same two-person approval for large live alerts.
 */
import type { AlertsService } from '../alerts/alerts-service';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit-log';
import type { Queryable } from '../db/store';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { SettingsService } from '../settings/settings-service';
import { ScheduleService } from './schedule-service';
import { launcherOf } from './schedule-store';
import { Scheduler, type ScheduledLaunch } from './scheduler';

/**
 * The scheduled alert is its creator's: someone since disabled, or no longer allowed to launch
 * alerts, launches nothing (the run is recorded as failed, with why).
 */
async function actorOf(store: Queryable, id: number | null): Promise<Actor> {
  if (id === null) return SYSTEM_ACTOR;
  const user = await launcherOf(store, id);
  if (!user || user.disabled || user.role === 'viewer') {
    throw new AppError('forbidden', `The schedule's owner ${user?.username ?? id} may no longer launch alerts; an operator must save the schedule again`, {
      code: 'schedules.owner_cannot_launch',
    });
  }
  return { id, name: user.username };
}

export async function startScheduling(opts: {
  store: Queryable;
  settings: SettingsService;
  alerts: AlertsService | null;
  log: Logger;
}) {
  const { store, alerts } = opts;
  const service = new ScheduleService(store, {
    now: Date.now,
    defaultTimeZone: () => opts.settings.current().timeZone,
    checkDraft: async (draft) => {
      // The schedule keeps its draft for every run: a burn message's text would outlive every burn.
      if (draft.burn) {
        throw new AppError('validation', 'A schedule cannot send a burn message: the schedule itself would keep the text', {
          code: 'schedules.burn_not_allowed',
          fields: [{ path: 'draft.burn', message: 'not in a schedule' }],
        });
      }
      if (alerts) await alerts.preflightAsync(draft);
    },
  });
  if (!alerts) return { service, scheduler: null, start: async () => undefined, stop: async () => undefined };

  const launch = async (run: ScheduledLaunch) => {
    const actor = await actorOf(store, run.actorId);
    const flight = await alerts.preflightAsync(run.draft);
    if (flight.recipients === 0) throw new AppError('validation', 'Inga mottagare: schemat når ingen (tomma grupper eller inaktiva kontakter)', { code: 'schedules.no_recipients' });
    const alert = await alerts.launchAsync({ launchKey: run.launchKey, draft: run.draft }, actor, { scheduleId: run.scheduleId });
    return { alertId: alert.id };
  };
  const scheduler = new Scheduler({ store, service, launch, log: opts.log.child({ module: 'scheduler' }) });
  // The clock runs on the engine that leads (cluster/): started and stopped with the lead.
  const start = async () => {
    const missed = await scheduler.start();
    if (missed.length > 0) opts.log.warn({ missed: missed.length }, 'scheduled runs were missed while GDial was not running');
  };
  return { service, scheduler, start, stop: () => scheduler.stop() };
}
