import { existsSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Electron's BrowserWindow, faked at its boundary: records what the shell asks of it. */
class FakeWindow {
  static instances: FakeWindow[] = [];
  static printFails = false;
  destroyed = false;
  loadedUrl: string | null = null;
  loadedFile: string | null = null;
  fileContent: string | null = null;
  printOptions: unknown = null;
  openHandler: (() => { action: string }) | null = null;
  navigateHandler: ((e: { preventDefault(): void }) => void) | null = null;
  webContents = {
    setWindowOpenHandler: (fn: () => { action: string }) => (this.openHandler = fn),
    on: (event: string, fn: (e: { preventDefault(): void }) => void) => {
      if (event === 'will-navigate') this.navigateHandler = fn;
    },
    printToPDF: async (options: unknown) => {
      this.printOptions = options;
      if (FakeWindow.printFails) throw new Error('printing failed');
      return Buffer.from('%PDF-1.7 fake');
    },
  };
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    FakeWindow.instances.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  async loadFile(file: string) {
    this.loadedFile = file;
    this.fileContent = readFileSync(file, 'utf8');
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

vi.mock('electron', () => ({ BrowserWindow: FakeWindow }));

beforeEach(() => {
  FakeWindow.instances = [];
  FakeWindow.printFails = false;
});

const HTML = '<!doctype html><html lang="sv"><title>Rapport</title><p>Åsa & Örjan</p></html>';

describe('PDF in the desktop shell', () => {
  it('prints in a hidden, sandboxed window without JavaScript or Node, then destroys it', async () => {
    const { createElectronPdf } = await import('./pdf');
    const pdf = await createElectronPdf().render(HTML);
    expect(pdf.toString()).toBe('%PDF-1.7 fake');
    const [win] = FakeWindow.instances;
    expect(FakeWindow.instances).toHaveLength(1);
    expect(win!.options.show).toBe(false);
    expect(win!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win!.options.webPreferences?.preload).toBeUndefined();
    expect(win!.options.webPreferences?.partition).not.toMatch(/^persist:/);
    expect(win!.loadedUrl).toBe(`data:text/html;charset=utf-8,${encodeURIComponent(HTML)}`);
    expect(decodeURIComponent(win!.loadedUrl!.split(',').slice(1).join(','))).toBe(HTML);
    expect(win!.printOptions).toMatchObject({ pageSize: 'A4', printBackground: true });
    expect(win!.destroyed).toBe(true);
    // Nothing in the page may open windows or navigate away.
    expect(win!.openHandler!()).toEqual({ action: 'deny' });
    const prevent = vi.fn();
    win!.navigateHandler!({ preventDefault: prevent });
    expect(prevent).toHaveBeenCalled();
  });

  it('destroys the window even when printing fails, and reports the failure', async () => {
    const { createElectronPdf } = await import('./pdf');
    FakeWindow.printFails = true;
    await expect(createElectronPdf().render(HTML)).rejects.toThrow('printing failed');
    expect(FakeWindow.instances[0]!.destroyed).toBe(true);
  });

  it('loads a report too long for a data URL from a private temporary file, removed afterwards', async () => {
    const { createElectronPdf, MAX_DATA_URL_CHARS } = await import('./pdf');
    const big = `<!doctype html><html lang="sv"><body>${'<p>Åsa Öberg</p>'.repeat(Math.ceil(MAX_DATA_URL_CHARS / 30))}</body></html>`;
    FakeWindow.printFails = true;
    await expect(createElectronPdf().render(big)).rejects.toThrow('printing failed');
    const win = FakeWindow.instances[0]!;
    expect(win.loadedUrl).toBeNull();
    expect(win.fileContent).toBe(big);
    expect(existsSync(win.loadedFile!)).toBe(false);
    expect(win.destroyed).toBe(true);
  });
});
