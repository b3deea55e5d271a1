/**
 * The HTTP side of `serve`: the built console as static files, with headers that keep it from
 * being framed or loading anything from elsewhere. The WebSocket transport shares this server.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { endBadClient } from './client-errors';
import { answerHealth, type HealthPort } from './health';
import type { HttpRoute } from '../integrations/start-integrations';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; form-action 'self'";

function securityHeaders(res: ServerResponse) {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** Resolves a URL path inside `root`, or null when it would leave it or names no file. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

export function createConsoleServer(
  consoleDir: string,
  opts: {
    hostAllowed?: (host: string | undefined) => boolean;
    health?: HealthPort;
    /** Other systems' doors on this port (integrations/: /api/v1/…, /metrics), tried in order. */
    routes?: readonly HttpRoute[];
  } = {},
): Server {
  const root = path.resolve(consoleDir);
  const index = path.join(root, 'index.html');
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    if (opts.hostAllowed && !opts.hostAllowed(req.headers.host)) {
      // A foreign name (DNS rebinding): nothing of the console, not even the health check.
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('Misdirected request: this host name is not allowed');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (opts.routes?.some((route) => route(req, res, url))) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (answerHealth(url.pathname, res, opts.health)) return;
    if (!existsSync(index)) {
      res
        .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('The console is not built. Run `npm run build:renderer` (npm run serve does it for you).');
      return;
    }
    const file = (url.pathname === '/' ? null : resolveStatic(root, url.pathname)) ?? index;
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const immutable = file !== index && url.pathname.startsWith('/assets/');
    res.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  server.on('clientError', endBadClient);
  return server;
}
