/**
 * The window and the app's life around alerts: closing the window while an alert is active keeps
 * GDial dialling from the tray, and quitting during one asks first. Electron's app and window
 * are reached through the few methods used here, so tests drive them with plain fakes.
 */
import { decideQuit, decideWindowClose, type AlertActivity } from './alert-activity';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface WindowLike {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  hide(): void;
}

/** A second launch, the tray or the dock brings the one window back, wherever it was. */
export function bringToFront(win: WindowLike | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export interface QuitGuardOptions {
  activity: AlertActivity;
  /** Asks the operator whether to quit during an alert; true = quit. */
  confirm(): Promise<boolean>;
  /** app.quit(), called again once the operator has said yes. */
  quit(): void;
  /** A quit is going ahead (e.g. decide whether a downloaded update may install). */
  onQuitting?(): void;
  /** The window went to the tray (tell the operator GDial still runs). */
  onHiddenToTray?(): void;
}

export class QuitGuard {
  private confirmed = false;
  private quitting = false;
  private asking = false;

  constructor(private readonly o: QuitGuardOptions) {}

  get isQuitting(): boolean {
    return this.quitting;
  }

  /** app 'before-quit' (it comes again after every app.quit(): once past, a quit stays past). */
  beforeQuit(event: PreventableEvent): void {
    const alertActive = this.o.activity.refresh();
    if (decideQuit({ alertActive, confirmed: this.confirmed || this.quitting }) === 'quit') {
      this.quitting = true;
      this.o.onQuitting?.();
      return;
    }
    event.preventDefault();
    if (this.asking) return;
    this.asking = true;
    this.o.confirm().then(
      (yes) => {
        this.asking = false;
        if (!yes) return;
        this.confirmed = true;
        this.o.quit();
      },
      () => {
        this.asking = false;
      },
    );
  }

  /** The window's 'close' event. */
  windowClose(event: PreventableEvent, win: WindowLike): void {
    const alertActive = this.o.activity.refresh();
    if (decideWindowClose({ alertActive, quitting: this.quitting }) === 'close') return;
    event.preventDefault();
    win.hide();
    this.o.onHiddenToTray?.();
  }
}
