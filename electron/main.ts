/**
 * The desktop shell's composition root: start the engine from main/ (the same entry `serve`
 * uses), show the console, carry the contract over IPC, and keep GDial working while an alert
 * is active (tray, no sleep, no accidental quit, no update). Wiring only; the decisions live in
 * the modules beside it.
 */
import { app, dialog, ipcMain, powerSaveBlocker, protocol, safeStorage, session, utilityProcess, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SettingsView } from '../main/contract';
import { hashToken } from '../main/auth/sessions';
import { startEngine, type Engine } from '../main/engine';
import { createLogger, type Logger } from '../main/log';
import { setChildLauncher } from '../main/workers/child-process';
import { AlertActivity, applyActivity } from './alert-activity';
import { CONSOLE_PREFIX, CONSOLE_SCHEME, CONSOLE_SCHEME_PRIVILEGES, CONSOLE_URL, createConsoleHandler } from './console-protocol';
import { appFrameCheck, attachIpcBridge } from './ipc-bridge';
import { keyringFor } from './keyring';
import { bringToFront, QuitGuard } from './lifecycle';
import { createElectronPdf } from './pdf';
import { shellPaths } from './shell-paths';
import { utilityLauncher } from './speech-launcher';
import { shellTexts } from './texts';
import { createTray, type GdialTray } from './tray';
import { UpdateController } from './updates';
import { createMainWindow, denyAllPermissions, guardNavigation } from './window';

const UPDATE_FIRST_CHECK_MS = 60_000;
const UPDATE_EVERY_MS = 4 * 3_600_000;
/** Events tell when alerts change; this catches anything they could miss. */
const ACTIVITY_RESYNC_MS = 30_000;

// A data directory of its own is an instance of its own (tests, a second control room on one PC).
if (process.env.GDIAL_DATA_DIR) app.setPath('userData', path.resolve(process.env.GDIAL_DATA_DIR));
// Must precede 'ready': the console's own origin, so file:// is never used for it.
protocol.registerSchemesAsPrivileged([CONSOLE_SCHEME_PRIVILEGES]);

const paths = shellPaths({ appPath: app.getAppPath(), resourcesPath: process.resourcesPath, isPackaged: app.isPackaged });
// The OS language is known once the app is ready; until then (an early failure) Swedish.
let texts = shellTexts('sv');

let engine: Engine | null = null;
let win: BrowserWindow | null = null;
let tray: GdialTray | null = null;
let log: Logger | null = null;

/** What a signed-out shell may read: settings.get as local administration (never written). */
async function readUpdateUrl(running: Engine): Promise<string> {
  const conn = { ...running.connect('shell'), tokenHash: hashToken(running.localToken) };
  const result = await running.router.call(conn, 'settings.get', {});
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as SettingsView).values.updateUrl;
}

async function boot() {
  texts = shellTexts(app.getLocale());
  const dataDir = app.getPath('userData');
  log = createLogger({ dataDir, level: process.env.GDIAL_LOG_LEVEL ?? 'info' });
  if (!existsSync(paths.nativeBinding)) {
    throw new Error(
      `The database module built for Electron is missing (${paths.nativeBinding}). ` +
        (app.isPackaged ? 'This package is incomplete: build it again with npm run dist.' : 'Run npm run build:electron-native.'),
    );
  }
  // The speech process (espeak-ng, GPL-3.0, in a process of its own): fork needs ELECTRON_RUN_AS_NODE, which is off.
  setChildLauncher(utilityLauncher(utilityProcess.fork));
  const keyring = keyringFor(safeStorage, process.platform);
  if (keyring.warning) log.warn(keyring.warning);

  engine = await startEngine({
    dataDir,
    // A loopback port too: the admin CLI talks to this engine through it, and extra screens can
    // open the console in a browser. The window itself uses IPC.
    port: Number(process.env.GDIAL_PORT ?? 0),
    env: process.env,
    logger: log,
    resourcesDir: paths.resourcesDir,
    consoleDir: paths.consoleDir,
    version: app.getVersion(),
    nativeBinding: paths.nativeBinding,
    // Twilio and ngrok tokens encrypted by the OS keyring (DPAPI, Keychain, libsecret).
    secretCipher: keyring.cipher,
    // Report PDFs through Electron's own Chromium: nothing else needs to be installed.
    pdf: createElectronPdf(),
  });
  const running = engine;

  denyAllPermissions(session.defaultSession);
  protocol.handle(CONSOLE_SCHEME, createConsoleHandler(paths.consoleDir));
  attachIpcBridge(ipcMain, running, appFrameCheck(CONSOLE_PREFIX));

  const activity = new AlertActivity(async () => ((await running.dispatch?.alerts.listAsync({ active: true, limit: 1 }))?.length ?? 0) > 0);
  running.bus.on((name, payload) => activity.observe(name, payload));
  activity.refresh();
  setInterval(() => activity.refresh(), ACTIVITY_RESYNC_MS).unref();

  const showWindow = () => bringToFront(win);
  tray = createTray({ texts, onShow: showWindow, onQuit: () => app.quit() });
  applyActivity(activity, { tray, powerSave: powerSaveBlocker });

  const updates = app.isPackaged
    ? new UpdateController({
        updater: electronUpdater.autoUpdater,
        feedUrl: () => readUpdateUrl(running),
        alertActive: () => activity.refresh(),
        askToRestart: async (version) => {
          const answer = await dialog.showMessageBox({
            type: 'info',
            message: texts.updateReady(version),
            detail: texts.updateDetail,
            buttons: [texts.restartAndInstall, texts.later],
            defaultId: 1,
            cancelId: 1,
          });
          return answer.response === 0;
        },
        onReady: (version) => tray?.setUpdateAction(version ? () => updates?.installNow() : null),
        log: log.child({ module: 'updates' }),
      })
    : null;
  if (updates) {
    electronUpdater.autoUpdater.logger = log.child({ module: 'electron-updater' });
    activity.onChange((active) => {
      if (!active) updates.alertsEnded();
    });
    setTimeout(() => void updates.check(), UPDATE_FIRST_CHECK_MS).unref();
    setInterval(() => void updates.check(), UPDATE_EVERY_MS).unref();
  }

  const guard = new QuitGuard({
    activity,
    confirm: async () => {
      showWindow();
      const options = {
        type: 'warning' as const,
        message: texts.quitQuestion,
        detail: texts.quitDetail,
        buttons: [texts.keepRunning, texts.quitAnyway],
        defaultId: 0,
        cancelId: 0,
      };
      const answer = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return answer.response === 1;
    },
    quit: () => app.quit(),
    onQuitting: () => updates?.beforeQuit(),
    onHiddenToTray: () => tray?.tellKeptRunning(),
  });
  app.on('before-quit', (event) => guard.beforeQuit(event));

  win = createMainWindow({ preload: paths.preload, consoleUrl: CONSOLE_URL, appUrlPrefix: CONSOLE_PREFIX, unloadQuestion: () => texts.unsaved });
  const shown = win;
  shown.on('close', (event) => guard.windowClose(event, shown));
  shown.on('closed', () => (win = null));
  app.on('activate', showWindow);

  app.on('will-quit', (event) => {
    if (!engine) return;
    event.preventDefault();
    const stopping = engine;
    engine = null;
    activity.freeze();
    void stopping
      .stop()
      .catch((error: unknown) => log?.error({ err: error }, 'engine did not stop cleanly'))
      .finally(() => {
        tray?.destroy();
        app.quit();
      });
  });
}

// Two instances would mean two dispatchers on one ledger: the second one only wakes the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => bringToFront(win));
  // Every session (the console's, the PDF printer's) denies every permission.
  app.on('session-created', denyAllPermissions);
  // Whatever else creates web contents (the PDF printer, a future dialog): same rules.
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, CONSOLE_PREFIX));
  // With no window and no alert there is nothing to keep running (the tray alone dials nobody).
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(boot).catch((error: unknown) => {
    log?.fatal({ err: error }, 'GDial could not start');
    dialog.showErrorBox(texts.startFailed, error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
