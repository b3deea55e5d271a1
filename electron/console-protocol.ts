/**
 * The console is served to the window from `gdial://console/`, not `file://`: a file:// page may
 * read any file on the machine, and with the file-protocol fuse off (electron-builder.yml) it
 * could not load its own modules. Only files under the built console are answered, each with
 * the console's CSP, narrowed for the desktop (the window talks over IPC, never a socket).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const CONSOLE_SCHEME = 'gdial';
export const CONSOLE_ORIGIN = `${CONSOLE_SCHEME}://console`;
/** Everything the window may show starts with this; the IPC bridge trusts only these frames. */
export const CONSOLE_PREFIX = `${CONSOLE_ORIGIN}/`;
export const CONSOLE_URL = `${CONSOLE_PREFIX}index.html`;

/** renderer/index.html's policy, with connect-src to the app itself only and no framing. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const CONSOLE_SCHEME_PRIVILEGES = {
  scheme: CONSOLE_SCHEME,
  // standard: relative URLs and an origin of its own ('self'); secure: like https. Not
  // corsEnabled: the console's modules are same-origin, and nothing else may read them.
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a console URL names, or null for anything outside the console's folder. */
export function consoleFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${CONSOLE_SCHEME}:` || url.host !== 'console') return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${rel}`);
  return file.startsWith(root + path.sep) ? file : null;
}

export function createConsoleHandler(rootDir: string, read: (file: string) => Promise<Buffer> = readFile): (request: Request) => Promise<Response> {
  const headers = (type: string) => ({
    'content-type': type,
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
  });
  return async (request) => {
    const file = consoleFile(rootDir, request.url);
    if (!file || request.method !== 'GET') return new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
    try {
      const body = await read(file);
      return new Response(new Uint8Array(body), { status: 200, headers: headers(TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream') });
    } catch {
      return new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
    }
  };
}
