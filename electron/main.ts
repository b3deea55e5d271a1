/**
 * The desktop shell: start the engine from main/ (the same entry `serve` uses), show the console,
 * and carry the contract over IPC. Everything else lives in the engine.
 */
import { app, dialog, ipcMain, safeStorage, session } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEngine, type Engine } from '../main/engine';
import { createLogger } from '../main/log';
import { appFrameCheck, attachIpcBridge } from './ipc-bridge';
import { createElectronPdf } from './pdf';
import { createMainWindow, denyAllPermissions } from './window';

// Two instances would mean two dispatchers on one ledger: the second one only focuses the first.
if (!app.requestSingleInstanceLock()) app.quit();

const appRoot = app.getAppPath();
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot, 'resources');
const consoleIndex = path.join(appRoot, 'dist', 'renderer', 'index.html');
const preload = path.join(appRoot, 'dist', 'electron', 'preload.cjs');
/** better-sqlite3 built for Electron's ABI (npm run build:electron-native); tests keep Node's build. */
const electronBinding = path.join(appRoot, 'dist', 'native', 'better_sqlite3.node');

let engine: Engine | null = null;

async function boot() {
  const dataDir = process.env.GDIAL_DATA_DIR ?? app.getPath('userData');
  const logger = createLogger({ dataDir, level: process.env.GDIAL_LOG_LEVEL ?? 'info' });
  engine = await startEngine({
    dataDir,
    // A loopback port too: the admin CLI talks to this engine through it, and extra screens can
    // open the console in a browser. The window itself uses IPC.
    port: Number(process.env.GDIAL_PORT ?? 0),
    env: process.env,
    logger,
    resourcesDir,
    version: app.getVersion(),
    nativeBinding: existsSync(electronBinding) ? electronBinding : undefined,
    // Twilio and ngrok tokens encrypted by the OS keyring (DPAPI, Keychain, libsecret).
    secretCipher: safeStorage,
    // Report PDFs through Electron's own Chromium: nothing else needs to be installed.
    pdf: createElectronPdf(),
  });
  denyAllPermissions(session.defaultSession);
  const consoleUrl = pathToFileURL(consoleIndex).href;
  attachIpcBridge(ipcMain, engine, appFrameCheck(consoleUrl));
  const win = createMainWindow({ preload, consoleUrl, appUrlPrefix: consoleUrl });
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
}

app.whenReady().then(boot).catch((error: unknown) => {
  dialog.showErrorBox('GDial could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!engine) return;
  event.preventDefault();
  const stopping = engine;
  engine = null;
  void stopping.stop().finally(() => app.quit());
});
