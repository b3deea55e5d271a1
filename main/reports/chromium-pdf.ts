/**
 * PDF rendering for the headless engine (`npm run serve`, tests) with a Chromium-family browser
 * already on the machine, driven by playwright-core (no browser download, never a shell).
 *
 * The browser is launched for each render and closed right after: exports are rare, a launch
 * costs well under a second, and nothing (memory, a stuck page, a crashed renderer) outlives an
 * export. Pages render with JavaScript off and every network request refused: the HTML is
 * self-contained.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { PdfPort } from './pdf-port';

/** The flags the end-to-end harness uses: no sandbox needs (runs as any user), no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const TIMEOUT_MS = 60_000;

export interface FindChromiumOptions {
  executablePath?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (file: string) => boolean;
}

/** Where a Chromium-family browser usually lives, per platform, most likely first. */
export function chromiumCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Chromium.app/Contents/MacOS/Chromium'];
    return [...apps.map((a) => `/Applications/${a}`), ...(env.HOME ? apps.map((a) => `${env.HOME}/Applications/${a}`) : [])];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    const apps = ['Microsoft\\Edge\\Application\\msedge.exe', 'Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe'];
    // Edge first: every Windows 10/11 machine has it.
    return apps.flatMap((app) => roots.map((root) => path.win32.join(root, app)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ];
}

/** The browser to use: the configured path, GDIAL_CHROMIUM_PATH, CHROMIUM_PATH, then the usual places. */
export function findChromium(opts: FindChromiumOptions = {}): string | null {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const configured = [opts.executablePath, env.GDIAL_CHROMIUM_PATH, env.CHROMIUM_PATH].filter((p): p is string => !!p?.trim());
  for (const file of [...configured, ...chromiumCandidates(opts.platform ?? process.platform, env)]) {
    if (exists(file)) return file;
  }
  return null;
}

/** A PdfPort backed by the browser `findChromium` finds, or null when there is none. */
export function createChromiumPdf(opts: { executablePath?: string } & Omit<FindChromiumOptions, 'executablePath'> = {}): PdfPort | null {
  const executablePath = findChromium(opts);
  if (!executablePath) return null;
  return {
    async render(html: string): Promise<Buffer> {
      const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: TIMEOUT_MS });
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load', timeout: TIMEOUT_MS });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          // The document's @page rules set margins and, for the logs, landscape.
          preferCSSPageSize: true,
        });
      } finally {
        await browser.close();
      }
    },
  };
}
