/**
 * Updates through electron-updater from the generic server named by the `updateUrl` setting
 * ('' = no updates). Downloads happen in the background; installing restarts GDial, so it never
 * happens while an alert is active: not from the "restart now" offer, and not on quit.
 */
import type { Logger } from '../main/log';

/** The part of electron-updater's AppUpdater the shell uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export type CheckResult = 'off' | 'checked' | 'failed';

export interface UpdateControllerOptions {
  updater: UpdaterLike;
  /** The `updateUrl` setting, read fresh at every check (an admin may change it any time). */
  feedUrl(): Promise<string>;
  alertActive(): boolean;
  /** Offers a restart for the downloaded version; true = restart now. */
  askToRestart(version: string): Promise<boolean>;
  /** An update waits (or no longer does): e.g. a tray menu entry. */
  onReady?(version: string | null): void;
  log: Pick<Logger, 'info' | 'warn'>;
}

/** May a downloaded update install now? Never during an alert, never once updates are off. */
export function mayInstall(s: { downloaded: string | null; alertActive: boolean; feedOn: boolean }): boolean {
  return s.downloaded !== null && !s.alertActive && s.feedOn;
}

export class UpdateController {
  private feed: string | null = null;
  private downloaded: string | null = null;
  private offered: string | null = null;

  constructor(private readonly o: UpdateControllerOptions) {
    o.updater.autoDownload = true;
    // Decided again at every quit (beforeQuit). electron-updater only arms its quit hook when
    // this is true as a download finishes, so it starts true rather than following alerts.
    o.updater.autoInstallOnAppQuit = true;
    // Without a listener an updater error would be thrown as an uncaught 'error' event.
    o.updater.on('error', (error) => o.log.warn({ err: error }, 'update failed'));
    o.updater.on('update-downloaded', (info) => {
      this.downloaded = info.version;
      o.log.info({ version: info.version }, 'update downloaded');
      o.onReady?.(info.version);
      void this.offer();
    });
  }

  get pendingVersion(): string | null {
    return this.downloaded;
  }

  async check(): Promise<CheckResult> {
    let url: string;
    try {
      url = (await this.o.feedUrl()).trim();
    } catch (error) {
      this.o.log.warn({ err: error }, 'could not read the update URL');
      return 'failed';
    }
    if (!url) {
      this.feed = null;
      return 'off';
    }
    if (url !== this.feed) {
      this.o.updater.setFeedURL({ provider: 'generic', url });
      this.feed = url;
    }
    try {
      await this.o.updater.checkForUpdates();
      return 'checked';
    } catch (error) {
      this.o.log.warn({ err: error, url }, 'update check failed');
      return 'failed';
    }
  }

  /** Call on every quit that goes ahead: a waiting update installs only if no alert is active. */
  beforeQuit(): void {
    this.o.updater.autoInstallOnAppQuit = !this.o.alertActive() && this.feed !== null;
  }

  /** Restart into the downloaded version, unless an alert is active (then: false, nothing happens). */
  installNow(): boolean {
    if (!mayInstall({ downloaded: this.downloaded, alertActive: this.o.alertActive(), feedOn: this.feed !== null })) return false;
    this.o.log.info({ version: this.downloaded }, 'restarting to install the update');
    this.o.updater.quitAndInstall(false, true);
    return true;
  }

  /** Alerts have ended: offer an update that arrived during one. */
  alertsEnded(): void {
    void this.offer();
  }

  private async offer(): Promise<void> {
    const version = this.downloaded;
    if (version === null || this.offered === version || this.o.alertActive()) return;
    this.offered = version;
    if (await this.o.askToRestart(version)) this.installNow();
  }
}
