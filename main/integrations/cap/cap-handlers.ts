/** CAP 1.2 out: an alert as an OASIS CAP message. */
import { notBuilt } from '../not-built';
import type { IntegrationDeps, IntegrationHandlers } from '../start-integrations';

export function capHandlers(_deps: IntegrationDeps): Pick<IntegrationHandlers, 'reports.cap'> {
  return { 'reports.cap': notBuilt('CAP export') };
}
