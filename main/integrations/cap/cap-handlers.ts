/** CAP 1.2 out: an alert as an OASIS CAP message (cap-export.ts). */
import type { IntegrationDeps, IntegrationHandlers } from '../start-integrations';
import { capSender, exportCap } from './cap-export';

export function capHandlers(deps: IntegrationDeps): Pick<IntegrationHandlers, 'reports.cap'> {
  const sender = capSender(deps.workstation);
  return {
    'reports.cap': (input, ctx) => exportCap(deps.store, input.id, ctx.actor(), { sender, workstation: deps.workstation, version: deps.version, now: Date.now }),
  };
}
