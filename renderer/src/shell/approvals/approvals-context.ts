import { createContext, useContext } from 'react';
import type { AlertView } from '@contract';

export interface PendingApprovals {
  /** Alerts waiting for the two-person rule that this user may approve (the engine's `can.canApprove`). */
  alerts: AlertView[];
  /** Approves one; throws the engine's refusal (already approved, self-approval, …). */
  approve(id: number): Promise<AlertView>;
}

export const PendingApprovalsContext = createContext<PendingApprovals>({ alerts: [], approve: () => Promise.reject(new Error('no provider')) });

export function usePendingApprovals(): PendingApprovals {
  return useContext(PendingApprovalsContext);
}
