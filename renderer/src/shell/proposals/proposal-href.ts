/** Where a proposal is opened: the wizard's pre-flight with its draft, or the list of proposals. */
import type { Proposal } from '@contract';
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

/** What an operator reads as the alarm's name: its headline, else its event. */
export function headlineOf(p: Pick<Proposal, 'headline' | 'event'>): string {
  return p.headline.trim() || p.event;
}
