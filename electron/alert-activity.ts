/**
 * Whether an alert is active, derived from the engine itself (its `alert.progress` events, checked
 * against its own query), and the decisions that hang on it: the tray's look, the power-save
 * blocker, closing the window to the tray, asking before quitting. No 'electron' here: the
 * effects take the few methods they use, so the decisions are tested with plain fakes.
 */
import type { Alert, EventPayload } from '../main/contract';

type AlertState = Alert['state'];

/** The engine's own meaning of "active" (`alerts.list({ active: true })`): not yet finished. */
export const ACTIVE_STATES: ReadonlySet<AlertState> = new Set(['pending_approval', 'queued', 'running']);

export class AlertActivity {
  private active = false;
  private frozen = false;
  private readonly listeners = new Set<(active: boolean) => void>();
  /** Bumped by every answer: an engine answer that arrives after a newer one is dropped. */
  private generation = 0;

  /**
   * `anyActive` asks the engine (a one-row query); it is the truth events are checked against.
   * The engine answers with a promise: its answer lands when it comes, and until then (and for
   * the shell's synchronous decisions) the last answer, kept current by the events, stands.
   */
  constructor(private readonly anyActive: () => boolean | Promise<boolean>) {}

  get isActive(): boolean {
    return this.active;
  }

  /** Feed every engine event here (engine.bus). Only `alert.progress` matters. */
  observe(name: string, payload: unknown): void {
    if (name !== 'alert.progress' || this.frozen) return;
    const { alerts } = payload as EventPayload<'alert.progress'>;
    if (alerts.some((a) => ACTIVE_STATES.has(a.state))) this.answer(true);
    // One alert ended; others may still run: only the engine knows.
    else if (this.active && alerts.length > 0) this.refresh();
  }

  /**
   * Asks the engine now; keeps the last answer if it cannot (stopping, or stopped). Returns the
   * answer as known now: an engine that answers later updates it (and tells the listeners) then.
   */
  refresh(): boolean {
    if (this.frozen) return this.active;
    try {
      const answer = this.anyActive();
      if (typeof answer === 'boolean') {
        this.answer(answer);
      } else {
        const asked = ++this.generation;
        answer.then(
          (active) => {
            if (!this.frozen && asked === this.generation) this.answer(active);
          },
          () => {}, // the engine is going away: the last answer stands, as below
        );
      }
    } catch {
      // The engine is going away; what was true a moment ago is the safer answer.
    }
    return this.active;
  }

  /** The engine is stopping: keep the last answer from now on. */
  freeze(): void {
    this.frozen = true;
  }

  onChange(listener: (active: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A newer answer than any question still out: those answers are stale when they come. */
  private answer(active: boolean): void {
    this.generation++;
    this.set(active);
  }

  private set(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    for (const listener of this.listeners) listener(active);
  }
}

export type CloseDecision = 'close' | 'hide-to-tray';

/** Closing the window must not stop an alert: GDial keeps dialling from the tray. */
export function decideWindowClose(s: { alertActive: boolean; quitting: boolean }): CloseDecision {
  if (s.quitting) return 'close';
  return s.alertActive ? 'hide-to-tray' : 'close';
}

export type QuitDecision = 'quit' | 'confirm';

/** Quitting during an alert stops its calls: the operator is asked first, once per quit. */
export function decideQuit(s: { alertActive: boolean; confirmed: boolean }): QuitDecision {
  return s.alertActive && !s.confirmed ? 'confirm' : 'quit';
}

/** Electron's powerSaveBlocker, as much as the shell uses. */
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): boolean;
  isStarted(id: number): boolean;
}

export interface AlertIndicator {
  setAlertActive(active: boolean): void;
}

/**
 * While an alert is active: the tray shows it and the machine may not sleep (a sleeping PC
 * dials nobody). The display may still turn off.
 */
export function applyActivity(activity: AlertActivity, effects: { tray: AlertIndicator; powerSave: PowerSaveBlockerLike }): () => void {
  let blocker: number | null = null;
  const apply = (active: boolean) => {
    effects.tray.setAlertActive(active);
    if (active && (blocker === null || !effects.powerSave.isStarted(blocker))) {
      blocker = effects.powerSave.start('prevent-app-suspension');
    } else if (!active && blocker !== null) {
      if (effects.powerSave.isStarted(blocker)) effects.powerSave.stop(blocker);
      blocker = null;
    }
  };
  apply(activity.isActive);
  const off = activity.onChange(apply);
  return () => {
    off();
    if (blocker !== null && effects.powerSave.isStarted(blocker)) effects.powerSave.stop(blocker);
    blocker = null;
  };
}
