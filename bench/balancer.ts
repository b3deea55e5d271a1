/**
 * A round-robin reverse proxy in its own process, as a control room would put in front of the
 * webhook ports of several engines: `node --import tsx bench/balancer.ts <port> <port> ...`.
 * Prints `balancer: <url>` when it listens. A backend that refuses the connection is skipped and
 * the next one tried (a dead engine). `GET /__balancer/counts` says how many requests each
 * backend answered, so a bench can show that the standbys really took callbacks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const ports = process.argv.slice(2).map(Number);
if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p <= 0)) {
  process.stderr.write('usage: balancer.ts <port> [<port> ...]\n');
  process.exit(2);
}
const counts = new Map<number, number>(ports.map((p) => [p, 0]));
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let next = 0;

function forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, tries: number): void {
  const port = ports[next++ % ports.length]!;
  const upstream = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
    counts.set(port, counts.get(port)! + 1);
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ECONNREFUSED' && tries + 1 < ports.length) return forward(req, body, res, tries + 1);
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  upstream.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/__balancer/counts') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(Object.fromEntries(counts)));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => forward(req, Buffer.concat(chunks), res, 0));
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`balancer: http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
