/** The launch countdown, held above the router so leaving the page neither stops nor drops it. */
import { createContext, useContext } from 'react';
import type { AlertDraftInput } from '../wizard/wizard-draft';

export const COUNTDOWN_SECONDS = 5;

/** What the countdown will launch: the contract draft under its one launch key. */
export interface PendingLaunch {
  launchKey: string;
  draft: AlertDraftInput;
  /** From the engine's pre-flight of this draft: the banner must not say "Skarpt larm" then. */
  onSimulator: boolean;
  /** The proposed call-out this launch answers (alerts.launch marks it launched). */
  proposalId?: number;
}

export type CountdownState =
  | { phase: 'idle' }
  | { phase: 'counting'; pending: PendingLaunch; remaining: number }
  | { phase: 'sending'; pending: PendingLaunch }
  | { phase: 'failed'; pending: PendingLaunch; error: unknown };

export interface LaunchCountdown {
  state: CountdownState;
  /** What the screen reader was last told (started, stopped, sending). */
  announcement: string;
  start: (pending: PendingLaunch) => void;
  /** Stops the countdown before anything reaches the engine. */
  cancel: () => void;
  /** After a failed launch: the same draft under the same key, so a lost answer is not a second alert. */
  retry: () => void;
  /** After a failed launch: back to the draft, nothing sent. */
  dismiss: () => void;
}

export const LaunchCountdownContext = createContext<LaunchCountdown | null>(null);

export function useLaunchCountdown(): LaunchCountdown {
  const value = useContext(LaunchCountdownContext);
  if (!value) throw new Error('useLaunchCountdown outside LaunchCountdownProvider');
  return value;
}

/** Whether the countdown (or the launch it led to) is busy with this launch key. */
export function holds(state: CountdownState, launchKey: string): boolean {
  return state.phase !== 'idle' && state.pending.launchKey === launchKey;
}
