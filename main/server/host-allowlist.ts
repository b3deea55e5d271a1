/**
 * DNS rebinding defence for the console and its WebSocket: a page on an attacker's name can be
 * made to resolve to 127.0.0.1, and the browser then sends that foreign name as `Host`. Only the
 * names this engine is really reached by are answered; everything else gets 421 and no socket.
 * The webhook receiver is not checked here: Twilio reaches it by public names, and every request
 * there must carry the account's signature.
 */
import os from 'node:os';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

export interface HostRules {
  /** The port the console listens on (known after listen). */
  port: () => number;
  /** LAN access on: the machine's own names and addresses are allowed too. */
  lanAccess: boolean;
  /** The admin's extra names (`allowedHosts`), comma-separated; `name` matches any port, `name:port` one. */
  extra: () => string;
}

/** `name`, `name:port`, `[v6]` or `[v6]:port`, lower-cased; null when it is none of those. */
export function parseHost(value: string): { name: string; port: string | null } | null {
  const text = value.trim().toLowerCase();
  if (text === '' || /[\s/\\?#@]/.test(text)) return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match) return null;
  const name = match[1]!;
  if (name.startsWith('.') || name.endsWith('.') || name.includes('..')) return null;
  return { name, port: match[2] ?? null };
}

export const splitHosts = (list: string) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** This machine's names and addresses as they appear in a Host header. */
export function ownNames(): string[] {
  const names = new Set<string>();
  const hostname = os.hostname().toLowerCase();
  if (hostname) {
    names.add(hostname);
    names.add(hostname.split('.')[0]!);
    names.add(`${hostname.split('.')[0]}.local`);
  }
  for (const list of Object.values(os.networkInterfaces())) {
    for (const nic of list ?? []) {
      const address = nic.address.toLowerCase().replace(/%.*$/, '');
      names.add(nic.family === 'IPv6' ? `[${address}]` : address);
    }
  }
  return [...names];
}

export function createHostCheck(rules: HostRules): (host: string | undefined) => boolean {
  return (header) => {
    const host = header ? parseHost(header) : null;
    if (!host) return false;
    const port = String(rules.port());
    // Without a port the browser used the scheme's default: only right when we listen on 80.
    const samePort = (host.port ?? '80') === port;
    if (samePort && LOOPBACK.includes(host.name)) return true;
    if (samePort && rules.lanAccess && ownNames().includes(host.name)) return true;
    return splitHosts(rules.extra()).some((entry) => {
      const allowed = parseHost(entry);
      return !!allowed && allowed.name === host.name && (allowed.port === null || allowed.port === (host.port ?? '80'));
    });
  };
}

/** The answer to a foreign Host on a raw socket (WebSocket upgrade): no handshake, no session. */
export const MISDIRECTED = 'HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
