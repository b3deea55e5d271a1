import { createContext, useContext } from 'react';
import type { ClusterStatus, Takeover } from '@contract';

export interface ClusterView {
  /** The engine's view of the cluster; null until read (or on an engine without one). */
  status: ClusterStatus | null;
  /** A takeover seen while this console was open, shown until dismissed or for a while. */
  notice: Takeover | null;
  dismiss(): void;
}

export const ClusterContext = createContext<ClusterView>({ status: null, notice: null, dismiss: () => undefined });

export function useCluster(): ClusterView {
  return useContext(ClusterContext);
}
