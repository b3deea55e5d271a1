/** Every window GDial opens: sandboxed, isolated, unable to navigate away or open others. */
import { BrowserWindow, dialog, shell, type Session, type WebContents } from 'electron';

/** The only places a link may open, and only in the system browser: Twilio's and ngrok's own pages. */
export const EXTERNAL_ALLOWLIST = ['https://www.twilio.com', 'https://console.twilio.com', 'https://dashboard.ngrok.com'];

export function isAllowedExternal(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password && EXTERNAL_ALLOWLIST.includes(parsed.origin);
  } catch {
    return false;
  }
}

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
  // No device pickers either (HID, serial, USB, Bluetooth): nothing is granted, nothing is listed.
  session.setDevicePermissionHandler(() => false);
}

type Contents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * No new windows and no navigation away from the app; an allowlisted https link goes to the
 * system browser instead. Applied to every web contents the app creates, not only the console.
 */
export function guardNavigation(contents: Contents, appUrlPrefix: string | null, openExternal: (url: string) => unknown = (url) => shell.openExternal(url)) {
  const leave = (url: string) => {
    if (isAllowedExternal(url)) void openExternal(url);
  };
  contents.setWindowOpenHandler(({ url }) => {
    leave(url);
    return { action: 'deny' };
  });
  const stayInApp = (event: Electron.Event, url: string) => {
    if (appUrlPrefix !== null && url.startsWith(appUrlPrefix)) return;
    event.preventDefault();
    leave(url);
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** What the window asks when a page with unsaved changes is closed or reloaded. */
export interface UnloadQuestion {
  message: string;
  detail: string;
  leave: string;
  stay: string;
}

/**
 * A console page with unsaved changes holds unload (beforeunload). Electron would then refuse
 * to close or reload without a word, so the shell asks; leaving lets the unload go ahead.
 */
export function askBeforeDiscarding(
  contents: Pick<WebContents, 'on'>,
  question: () => UnloadQuestion,
  ask: (q: UnloadQuestion) => boolean = (q) =>
    dialog.showMessageBoxSync({ type: 'question', message: q.message, detail: q.detail, buttons: [q.stay, q.leave], defaultId: 0, cancelId: 0 }) === 1,
) {
  contents.on('will-prevent-unload', (event: Electron.Event) => {
    if (ask(question())) event.preventDefault();
  });
}

export function mainWindowOptions(preload: string): Electron.BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    title: 'GDial',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preload),
  };
}

export function createMainWindow(opts: { preload: string; consoleUrl: string; appUrlPrefix: string; unloadQuestion: () => UnloadQuestion }): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(opts.preload));
  guardNavigation(win.webContents, opts.appUrlPrefix);
  askBeforeDiscarding(win.webContents, opts.unloadQuestion);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.consoleUrl);
  return win;
}
