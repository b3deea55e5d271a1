import type { Proposal } from '@contract';

/** What an operator reads as the alarm's name: its headline, else its event. */
export function headlineOf(p: Pick<Proposal, 'headline' | 'event'>): string {
  return p.headline.trim() || p.event;
}
