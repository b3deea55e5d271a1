import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, CONSOLE_PREFIX, CONSOLE_SCHEME_PRIVILEGES, CONSOLE_URL, consoleFile, createConsoleHandler } from './console-protocol';

let root: string;
let outside: string;
let handler: (request: Request) => Promise<Response>;
const get = (url: string) => handler(new Request(url));

beforeAll(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'gdial-console-'));
  root = path.join(base, 'renderer');
  outside = path.join(base, 'secrets.json');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>GDial</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'export const x = 1;');
  writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(outside, '{"twilioAuthToken":"secret"}');
  handler = createConsoleHandler(root);
});
afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));

/** The CSP of renderer/index.html, as directives: the console's own policy. */
function rendererCsp(): Map<string, string> {
  const html = readFileSync(path.resolve('renderer/index.html'), 'utf8');
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  if (!content) throw new Error('renderer/index.html has no CSP meta');
  return directives(content);
}
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...v]) => [name!, v.join(' ')]));

describe('the console protocol (gdial://console/)', () => {
  it('is a standard, secure scheme of its own, so the console has an origin and no file:// powers', () => {
    expect(CONSOLE_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'gdial', privileges: { standard: true, secure: true } });
    // The CSP applies to it, and no other origin may read from it.
    expect(CONSOLE_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(CONSOLE_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
    expect(CONSOLE_URL.startsWith(CONSOLE_PREFIX)).toBe(true);
  });

  it('serves the built console with the right types and the CSP on every answer', async () => {
    const page = await get(CONSOLE_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>GDial</title>');
    expect((await get(`${CONSOLE_PREFIX}`)).status).toBe(200);
    const script = await get(`${CONSOLE_PREFIX}assets/index-abc.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get(`${CONSOLE_PREFIX}assets/index-abc.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const r of [page, script, await get(`${CONSOLE_PREFIX}nope.js`)]) {
      expect(r.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it("keeps the console's CSP, narrowed for the desktop: no sockets, no framing", () => {
    const own = rendererCsp();
    const shell = directives(CONSOLE_CSP);
    for (const [name, value] of own) {
      if (name === 'connect-src') expect(shell.get(name)).toBe("'self'");
      else expect(shell.get(name), name).toBe(value);
    }
    expect(shell.get('frame-ancestors')).toBe("'none'");
    expect(shell.get('script-src')).toBe("'self'");
  });

  it('answers nothing outside the console folder, however the path is spelled', async () => {
    const escapes = [
      `${CONSOLE_PREFIX}../secrets.json`,
      `${CONSOLE_PREFIX}%2e%2e/secrets.json`,
      `${CONSOLE_PREFIX}assets/%2e%2e%2f%2e%2e%2fsecrets.json`,
      `${CONSOLE_PREFIX}..%5csecrets.json`,
      `${CONSOLE_PREFIX}%2e%2e%5csecrets.json`,
      `${CONSOLE_PREFIX}index.html%00.js`,
      `${CONSOLE_PREFIX}%E0%A4%A`,
    ];
    for (const url of escapes) {
      const file = consoleFile(root, url);
      if (file) expect(file.startsWith(root + path.sep), url).toBe(true);
      const r = await get(url);
      expect(await r.text(), url).not.toContain('secret');
    }
    expect(consoleFile(root, `${CONSOLE_PREFIX}assets/%2e%2e%2f%2e%2e%2fsecrets.json`)).toBeNull();
  });

  it('answers only its own host and scheme, and only GET', async () => {
    expect((await get('gdial://other/index.html')).status).toBe(404);
    expect(consoleFile(root, `file://${path.join(root, 'index.html')}`)).toBeNull();
    expect(consoleFile(root, 'not a url')).toBeNull();
    expect((await handler(new Request(CONSOLE_URL, { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});
