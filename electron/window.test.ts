import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Electron's BrowserWindow, WebContents and shell, faked at their boundary. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
  /** Emits a navigation event as Electron would; true when it went ahead. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return !prevented;
  }
}
const opened: string[] = [];
class FakeBrowserWindow extends EventEmitter {
  static last: FakeBrowserWindow | null = null;
  webContents = new FakeContents();
  loaded: string | null = null;
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.last = this;
  }
  async loadURL(url: string) {
    this.loaded = url;
  }
  show() {}
}
vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow, shell: { openExternal: async (url: string) => void opened.push(url) } }));

const APP = 'gdial://console/';
const QUESTION = { message: 'Osparade ändringar', detail: 'De försvinner.', leave: 'Lämna', stay: 'Avbryt' };
beforeEach(() => void (opened.length = 0));

describe('window security', () => {
  it('sandboxes and isolates every window, with no Node in the page', async () => {
    const { secureWebPreferences } = await import('./window');
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('denies every permission request and check, and lists no devices', async () => {
    const { denyAllPermissions } = await import('./window');
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (fn: typeof request) => (request = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      setDevicePermissionHandler: (fn: typeof device) => (device = fn),
    } as never);
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) request!(null, p, (g) => answers.push(g));
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
  });

  it('opens the console hidden until ready, from its own origin, with the secure preferences', async () => {
    const { createMainWindow } = await import('./window');
    createMainWindow({ preload: '/app/dist/electron/preload.cjs', consoleUrl: `${APP}index.html`, appUrlPrefix: APP, unloadQuestion: () => QUESTION });
    const win = FakeBrowserWindow.last!;
    expect(win.loaded).toBe('gdial://console/index.html');
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/dist/electron/preload.cjs' });
    // The guards are on the window the console runs in.
    expect(win.webContents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(win.webContents.navigate('will-navigate', 'https://evil.example/')).toBe(false);
  });

  it('asks before a page with unsaved changes is closed or reloaded; leaving lets the unload go ahead', async () => {
    const { askBeforeDiscarding } = await import('./window');
    const contents = new FakeContents();
    const asked: string[] = [];
    let answer = false;
    askBeforeDiscarding(contents as never, () => QUESTION, (q) => {
      asked.push(q.message);
      return answer;
    });
    // Electron's default keeps the page (the unload is refused); preventDefault() lets it go ahead.
    expect(contents.navigate('will-prevent-unload' as never, '')).toBe(true);
    answer = true;
    expect(contents.navigate('will-prevent-unload' as never, '')).toBe(false);
    expect(asked).toEqual([QUESTION.message, QUESTION.message]);
  });

  it('denies window.open; an allowlisted https link goes to the system browser instead', async () => {
    const { guardNavigation } = await import('./window');
    const contents = new FakeContents();
    guardNavigation(contents as never, APP);
    expect(contents.openHandler!({ url: 'https://console.twilio.com/us1/develop/phone-numbers' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: `${APP}index.html` })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://console.twilio.com/us1/develop/phone-numbers']);
  });

  it('stays in the app: navigation and redirects elsewhere are stopped, webviews never attach', async () => {
    const { guardNavigation } = await import('./window');
    const contents = new FakeContents();
    guardNavigation(contents as never, APP);
    expect(contents.navigate('will-navigate', `${APP}index.html#/larm`)).toBe(true);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'gdial://consolex/', 'http://127.0.0.1:7420/']) {
      expect(contents.navigate('will-navigate', url), url).toBe(false);
      expect(contents.navigate('will-redirect', url), url).toBe(false);
    }
    expect(contents.navigate('will-attach-webview', `${APP}index.html`)).toBe(false);
    // A link to Twilio's site leaves through the system browser, not the app window.
    expect(contents.navigate('will-navigate', 'https://www.twilio.com/docs')).toBe(false);
    expect(opened).toEqual(['https://www.twilio.com/docs']);
  });

  it('allows out only exact https origins on the list', async () => {
    const { isAllowedExternal } = await import('./window');
    expect(isAllowedExternal('https://www.twilio.com/console')).toBe(true);
    expect(isAllowedExternal('https://dashboard.ngrok.com/get-started/your-authtoken')).toBe(true);
    for (const url of [
      'http://www.twilio.com/',
      'https://www.twilio.com.evil.example/',
      'https://evil.example/?https://www.twilio.com/',
      'https://user:pw@www.twilio.com/',
      'javascript:alert(1)',
      'file:///C:/Windows/System32/calc.exe',
      'not a url',
    ]) {
      expect(isAllowedExternal(url), url).toBe(false);
    }
  });
});
