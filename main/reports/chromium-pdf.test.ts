import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chromiumCandidates, createChromiumPdf, findChromium } from './chromium-pdf';
import { pdfText } from './test-pdf';

describe('finding a browser to print with', () => {
  const only = (...files: string[]) => (file: string) => files.includes(file);

  it('takes the configured path first, then GDIAL_CHROMIUM_PATH, then CHROMIUM_PATH, then the usual places', () => {
    const env = { GDIAL_CHROMIUM_PATH: '/opt/gdial/chrome', CHROMIUM_PATH: '/opt/ci/chromium' };
    const all = only('/custom/chrome', '/opt/gdial/chrome', '/opt/ci/chromium', '/usr/bin/chromium');
    expect(findChromium({ executablePath: '/custom/chrome', env, platform: 'linux', exists: all })).toBe('/custom/chrome');
    expect(findChromium({ env, platform: 'linux', exists: all })).toBe('/opt/gdial/chrome');
    expect(findChromium({ env: { CHROMIUM_PATH: '/opt/ci/chromium' }, platform: 'linux', exists: all })).toBe('/opt/ci/chromium');
    expect(findChromium({ env: {}, platform: 'linux', exists: all })).toBe('/usr/bin/chromium');
    // A configured path that is gone does not stop GDial from using a browser that is there.
    expect(findChromium({ env: { GDIAL_CHROMIUM_PATH: '/gone' }, platform: 'linux', exists: only('/usr/bin/google-chrome') })).toBe('/usr/bin/google-chrome');
  });

  it('knows where Edge and Chrome live on Windows and macOS', () => {
    const win = chromiumCandidates('win32', { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\op\\AppData\\Local' });
    expect(win[0]).toBe('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(win).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(win).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(win).toContain('C:\\Users\\op\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    const mac = chromiumCandidates('darwin', {});
    expect(mac).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(mac).toContain('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
  });

  it('gives no renderer when there is no browser', () => {
    expect(createChromiumPdf({ env: {}, platform: 'linux', exists: () => false })).toBeNull();
  });
});

const pdf = createChromiumPdf();

describe.skipIf(!pdf)('printing with Chromium', () => {
  it('prints A4 with the text of the page, running none of its scripts and fetching nothing', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const html = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>t</title>
        <link rel="stylesheet" href="${url}/style.css"></head>
        <body><h1>GDial – Åsa Öberg</h1><img src="${url}/pixel.png" alt="">
        <script>document.body.append('SKRIPT KÖRDES')</script></body></html>`;
      const bytes = await pdf!.render(html);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(bytes);
      expect(text).toContain('GDial – Åsa Öberg');
      expect(text).not.toContain('SKRIPT KÖRDES');
      expect(requests).toBe(0);
      // A4 portrait in points: 595.3 × 841.9 (Chromium rounds to whole 1/100 inch).
      const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
      const [, , w, h] = (await doc.getPage(1)).view;
      await doc.destroy();
      expect(Math.abs(w! - 595.3)).toBeLessThan(1.5);
      expect(Math.abs(h! - 841.9)).toBeLessThan(1.5);
    } finally {
      server.close();
    }
  });
});
