/** The admin's own reverse proxy (a public URL forwarding to the webhook port), and the `none` variant. */
import { withoutTrailingSlash, type TunnelPort } from './tunnel-port';

/** Checks the URL at start, so a bad one becomes the tunnel's error instead of a broken callback URL. */
export function createOwnUrlTunnel(configured: string): TunnelPort {
  return {
    mode: 'own_url',
    start: () => {
      let url: URL;
      try {
        url = new URL(configured.trim());
      } catch {
        return Promise.reject(new Error(`the public URL "${configured}" is not a valid URL`));
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return Promise.reject(new Error(`the public URL must start with https:// (got ${url.protocol})`));
      }
      // Webhook paths are appended to the base: a query or fragment would end up in the middle.
      if (url.search || url.hash) return Promise.reject(new Error('the public URL must not contain ? or #'));
      if (url.username || url.password) return Promise.reject(new Error('the public URL must not contain a user name or password'));
      return Promise.resolve(withoutTrailingSlash(url.href));
    },
    stop: () => Promise.resolve(),
  };
}

/** No public URL: the carrier cannot call back, so status comes by polling and press-1 cannot be heard. */
export function createNoTunnel(): TunnelPort {
  return { mode: 'none', start: () => Promise.resolve(null), stop: () => Promise.resolve() };
}
