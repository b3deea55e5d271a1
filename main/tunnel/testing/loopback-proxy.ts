/** A real reverse proxy on loopback, standing in for an admin's proxy or ngrok's edge in tests. */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackProxy {
  readonly url: string;
  /** Requests that reached the proxy, as the client sent them. */
  readonly seen: string[];
  close(): Promise<void>;
}

export async function startLoopbackProxy(opts: {
  target: string;
  /** Only paths under this prefix are forwarded, with the prefix stripped (e.g. '/gdial'). */
  prefix?: string;
  /** Changes the forwarded path after the prefix is stripped: a misconfigured proxy. */
  rewrite?: (path: string) => string;
}): Promise<LoopbackProxy> {
  const target = new URL(opts.target);
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const incoming = req.url ?? '/';
    seen.push(incoming);
    const prefix = opts.prefix ?? '';
    if (prefix && incoming !== prefix && !incoming.startsWith(`${prefix}/`) && !incoming.startsWith(`${prefix}?`)) {
      return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such route on the proxy');
    }
    let path = incoming.slice(prefix.length) || '/';
    if (!path.startsWith('/')) path = `/${path}`;
    if (opts.rewrite) path = opts.rewrite(path);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'Content-Type': 'text/plain' }).end('bad gateway');
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
