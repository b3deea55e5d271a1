/** Every window GDial opens: sandboxed, isolated, unable to navigate away or open others. */
import { BrowserWindow, shell, type Session } from 'electron';

export const EXTERNAL_ALLOWLIST = ['https://www.twilio.com/', 'https://console.twilio.com/'];

export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** No camera, microphone, notifications-by-prompt or anything else: the console needs none. */
export function denyAllPermissions(session: Session) {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function createMainWindow(opts: { preload: string; consoleUrl: string; appUrlPrefix: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    title: 'GDial',
    show: false,
    webPreferences: secureWebPreferences(opts.preload),
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (EXTERNAL_ALLOWLIST.some((prefix) => url.startsWith(prefix))) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(opts.appUrlPrefix)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.consoleUrl);
  return win;
}
