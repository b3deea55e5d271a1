/** Where a proposal is opened: the wizard's pre-flight with its draft, or the list of proposals. */
import { newAlertHref } from '../../pages/alerts/alert-href';
import { hrefOf } from '../../router/hash-route';

/** The wizard, filled in from the proposal (`forslag=<id>`, read by NewAlertPage). */
export function proposalLaunchHref(id: number): string {
  return `${newAlertHref()}&forslag=${id}`;
}

/** Integrationer → Föreslagna larm. */
export function proposalsTabHref(): string {
  return `${hrefOf('integrationer')}?flik=forslag`;
}

/** Beside the links, for who needs both (headline.ts has no browser dependency, for tests). */
export { headlineOf } from './headline';
