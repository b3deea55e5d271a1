/**
 * Which kind of carrier an alert reaches: the one rule behind `setUpCarriers`, the per-alert
 * `onSimulator` flag, the pre-flight's line and the console's banner. The carrier is chosen at
 * start (its settings need a restart), so what runs can differ from what is stored.
 */
import type { CarrierKinds, CarrierStatus, Settings } from '../contract';

/** Twilio for live alerts (and drills, unless they go to the simulator); otherwise a simulator. */
export function carrierKindsOf(s: Pick<Settings, 'carrier' | 'drillsToSimulator'>): CarrierKinds {
  if (s.carrier === 'twilio') return { live: 'twilio', drills: s.drillsToSimulator ? 'simulator' : 'twilio' };
  return { live: 'simulator', drills: 'simulator' };
}

/** Whether an alert (a drill or not) goes to a simulator, given the carriers that run. */
export function reachesSimulator(kinds: CarrierKinds, drill: boolean): boolean {
  return (drill ? kinds.drills : kinds.live) === 'simulator';
}

export function carrierStatus(
  running: CarrierKinds,
  stored: Pick<Settings, 'carrier' | 'drillsToSimulator'>,
  uplinkDown = false,
  databaseDown = false,
): CarrierStatus {
  const next = carrierKindsOf(stored);
  const same = next.live === running.live && next.drills === running.drills;
  return {
    ...running,
    simulatorOnly: running.live === 'simulator' && running.drills === 'simulator',
    afterRestart: same ? null : next,
    uplinkDown,
    databaseDown,
  };
}

/** Settings whose change alters `afterRestart`. */
export const CARRIER_KEYS: ReadonlySet<string> = new Set(['carrier', 'drillsToSimulator']);

/** Tells every console when a carrier setting changes (what applies after a restart). */
export function announceCarrierChanges(
  settings: { onChange(listener: (keys: string[]) => void): () => void },
  status: () => CarrierStatus,
  emit: (status: CarrierStatus) => void,
): () => void {
  return settings.onChange((keys) => {
    if (keys.some((k) => CARRIER_KEYS.has(k))) emit(status());
  });
}
