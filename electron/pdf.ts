/**
 * PDF exports in the desktop app: Electron's own Chromium prints the report's HTML in a hidden,
 * sandboxed window with JavaScript off, so the installed app needs no browser of its own.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { PdfPort } from '../main/reports/pdf-port';

/** Chromium refuses URLs longer than 2 MiB (ERR_INVALID_URL); a big report goes through a file. */
export const MAX_DATA_URL_CHARS = 2 * 1024 * 1024 - 1024;

export function pdfWindowOptions(): Electron.BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // In memory and apart from the console's session: nothing of the operator's login is here.
      partition: 'gdial-pdf',
    },
  };
}

export function createElectronPdf(): PdfPort {
  return {
    async render(html: string): Promise<Buffer> {
      const win = new BrowserWindow(pdfWindowOptions());
      let tempDir: string | null = null;
      try {
        win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
        win.webContents.on('will-navigate', (event) => event.preventDefault());
        const url = `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
        if (url.length <= MAX_DATA_URL_CHARS) {
          await win.loadURL(url);
        } else {
          tempDir = await mkdtemp(path.join(os.tmpdir(), 'gdial-pdf-'));
          const file = path.join(tempDir, 'report.html');
          await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
          await win.loadFile(file);
        }
        return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        if (!win.isDestroyed()) win.destroy();
        if (tempDir) await rm(tempDir, { recursive: true, force: true });
      }
    },
  };
}
