/**
 * A TCP proxy on loopback that can be cut like a network cable: `cut()` drops every connection
 * and refuses new ones until `mend()`. For tests of what happens when the database goes away
 * while GDial runs.
 */
import net from 'node:net';

export interface CuttableLink {
  port: number;
  cut(): void;
  mend(): void;
  close(): Promise<void>;
}

export async function cuttableLink(targetPort: number, targetHost = '127.0.0.1'): Promise<CuttableLink> {
  const open = new Set<net.Socket>();
  let severed = false;
  const server = net.createServer((client) => {
    if (severed) return client.destroy();
    const upstream = net.connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      severed = true;
      for (const s of open) s.destroy();
    },
    mend: () => {
      severed = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
