/**
 * A public URL that hangs: a reverse proxy on loopback to `target()` that holds every request
 * until `release()`, then passes everything on. For tests and benches of what waits for the
 * public URL's end-to-end check and what must not.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Requests held so far and not yet released. */
  heldCount(): number;
  release(): void;
  close(): Promise<void>;
}

export async function holdingProxy(target: () => string): Promise<HoldingProxy> {
  const held: Array<() => void> = [];
  let open = false;
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const to = new URL(req.url ?? '/', target());
    const out = request(to, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };
  const server: Server = createServer((req, res) => {
    if (open) forward(req, res);
    else {
      req.pause();
      held.push(() => forward(req, res)); // the pipe resumes the paused body
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heldCount: () => held.length,
    release: () => {
      open = true;
      for (const go of held.splice(0)) go();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
