import { createContext, useContext } from 'react';
import type { Proposal } from '@contract';

export interface OpenProposals {
  /** Open proposals, newest first. */
  open: Proposal[];
  /** Launched proposals whose source sent Cancel: an operator decides whether the alert stops. */
  cancelRequests: Proposal[];
  /** Dismisses one; throws the engine's refusal (already launched, …). */
  dismiss(id: number): Promise<Proposal>;
  /** The answer to a Cancel: stop the proposal's alert, or let it run. */
  resolveCancel(id: number, stop: boolean): Promise<Proposal>;
}

export const OpenProposalsContext = createContext<OpenProposals>({
  open: [],
  cancelRequests: [],
  dismiss: () => Promise.reject(new Error('no provider')),
  resolveCancel: () => Promise.reject(new Error('no provider')),
});

export function useOpenProposals(): OpenProposals {
  return useContext(OpenProposalsContext);
}
