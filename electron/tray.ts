/** The tray (menu bar) icon: whether an alert is active, and the way back to the window or out. */
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { AlertIndicator } from './alert-activity';
import type { ShellTexts } from './texts';
import { trayIconPng, type TrayState } from './tray-icon';

/** 16 px at 1×, 32 px at 2×: what Windows, macOS and Linux trays ask for. */
export function trayImage(state: TrayState): NativeImage {
  const image = nativeImage.createEmpty();
  image.addRepresentation({ scaleFactor: 1, width: 16, height: 16, buffer: trayIconPng(state, 16) });
  image.addRepresentation({ scaleFactor: 2, width: 32, height: 32, buffer: trayIconPng(state, 32) });
  return image;
}

export interface GdialTray extends AlertIndicator {
  /** Windows shows a balloon; elsewhere the icon itself says it. */
  tellKeptRunning(): void;
  /** Adds "restart and install" to the menu once an update waits (null removes it). */
  setUpdateAction(action: (() => void) | null): void;
  destroy(): void;
}

export function createTray(opts: { texts: ShellTexts; onShow(): void; onQuit(): void; platform?: NodeJS.Platform }): GdialTray {
  const { texts } = opts;
  const platform = opts.platform ?? process.platform;
  const images: Record<TrayState, NativeImage> = { idle: trayImage('idle'), alert: trayImage('alert') };
  const tray = new Tray(images.idle);
  let active = false;
  let update: (() => void) | null = null;

  const render = () => {
    tray.setImage(images[active ? 'alert' : 'idle']);
    tray.setToolTip(active ? texts.trayAlert : texts.trayIdle);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: active ? texts.trayAlert : texts.trayIdle, enabled: false },
        { type: 'separator' },
        { label: texts.show, click: () => opts.onShow() },
        ...(update ? [{ label: texts.installUpdate, click: update }] : []),
        { type: 'separator' },
        { label: texts.quit, click: () => opts.onQuit() },
      ]),
    );
  };
  // A click on the icon opens the window (Windows and most Linux trays; macOS opens the menu).
  tray.on('click', () => opts.onShow());
  render();

  return {
    setAlertActive(next) {
      if (next === active) return;
      active = next;
      render();
    },
    setUpdateAction(action) {
      update = action;
      render();
    },
    tellKeptRunning() {
      if (platform === 'win32') tray.displayBalloon({ title: texts.keptInTrayTitle, content: texts.keptInTray, iconType: 'info' });
    },
    destroy: () => tray.destroy(),
  };
}
