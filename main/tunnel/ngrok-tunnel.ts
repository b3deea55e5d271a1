/** The ngrok tunnel: a public HTTPS URL forwarding to the loopback webhook port, run in-process by @ngrok/ngrok. */
import type { Config } from '@ngrok/ngrok';
import { ngrokErrorMessage } from './ngrok-errors';
import { withoutTrailingSlash, type TunnelPort } from './tunnel-port';

/** The options GDial passes to `forward()`, named as in @ngrok/ngrok so a rename there fails to compile here. */
export type NgrokForwardOptions = Pick<Config, 'addr' | 'authtoken' | 'domain' | 'forwards_to' | 'onStatusChange'>;

export interface NgrokListenerLike {
  url(): string | null;
  close(): Promise<void>;
}

/** The part of @ngrok/ngrok GDial uses; tests pass a fake with this shape. */
export interface NgrokLike {
  forward(config: NgrokForwardOptions): Promise<NgrokListenerLike>;
}

export const NGROK_AUTHTOKEN_MISSING = 'ngrok needs an authtoken: set it in Inställningar → Publik adress och tunnel or GDIAL_NGROK_AUTHTOKEN';

const START_TIMEOUT_MS = 30_000;
/** How long stop() waits for a tunnel still being opened, so it can be closed before the next one starts. */
const STOP_GRACE_MS = 5_000;

/** Loaded on first use: the native module is only needed when the tunnel is on. */
async function loadNgrok(): Promise<NgrokLike> {
  try {
    const mod: NgrokLike & { default?: NgrokLike } = await import('@ngrok/ngrok');
    return mod.default ?? mod;
  } catch (error) {
    throw new Error(`the ngrok library cannot load on this computer: ${(error as Error).message}`);
  }
}

/** Admins paste the domain as shown in the dashboard, sometimes with scheme or slash. */
export const normaliseNgrokDomain = (domain: string): string =>
  domain
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();

const closeQuietly = async (listener: NgrokListenerLike) => {
  try {
    await listener.close();
  } catch {
    // ngrok may already have dropped it; nothing is left to close.
  }
};

export function createNgrokTunnel(opts: {
  port: number;
  authtoken: string | null;
  domain: string;
  ngrok?: NgrokLike;
  startTimeoutMs?: number;
  /** ngrok lost (false) or regained (true) its connection to the service; it reconnects by itself. */
  onConnection?: (up: boolean) => void;
}): TunnelPort {
  const domain = normaliseNgrokDomain(opts.domain);
  const timeoutMs = opts.startTimeoutMs ?? START_TIMEOUT_MS;
  let listener: NgrokListenerLike | null = null;
  /** A forward() still in flight, even after start() gave up on it. */
  let opening: Promise<NgrokListenerLike> | null = null;
  let abort: ((error: Error) => void) | null = null;

  return {
    mode: 'ngrok',
    async start() {
      const authtoken = opts.authtoken?.trim() ?? '';
      if (!authtoken) throw new Error(NGROK_AUTHTOKEN_MISSING);
      let timer: NodeJS.Timeout | undefined;
      // Rejects on timeout or stop(): whichever comes first ends start() at once.
      const cut = new Promise<never>((_, reject) => {
        abort = reject;
        timer = setTimeout(
          () => reject(new Error(`ngrok did not connect within ${timeoutMs / 1000} s: no internet connection, or a firewall blocks ngrok`)),
          timeoutMs,
        );
      });
      let pending: Promise<NgrokListenerLike> | null = null;
      try {
        const ngrok = opts.ngrok ?? (await Promise.race([loadNgrok(), cut]));
        const forwarding = Promise.resolve().then(() =>
          ngrok.forward({
            // 127.0.0.1, not localhost: the receiver binds IPv4 loopback only, and localhost may resolve to ::1.
            addr: `127.0.0.1:${opts.port}`,
            authtoken,
            ...(domain ? { domain } : {}),
            forwards_to: 'GDial webhooks',
            onStatusChange: (status: string) => opts.onConnection?.(status === 'connected'),
          }),
        );
        pending = opening = forwarding;
        const settled = () => {
          if (opening === forwarding) opening = null;
        };
        forwarding.then(settled, settled);
        const opened = await Promise.race([
          forwarding.catch((error: unknown) => {
            throw new Error(ngrokErrorMessage(error, { authtoken, domain }));
          }),
          cut,
        ]);
        const url = opened.url();
        if (!url) throw new Error('ngrok opened a tunnel without a public URL');
        listener = opened;
        return withoutTrailingSlash(url);
      } catch (error) {
        // A tunnel that opens after we gave up must not stay reachable from the internet.
        void pending?.then(closeQuietly, () => undefined);
        throw error;
      } finally {
        clearTimeout(timer);
        abort = null;
      }
    },
    async stop() {
      abort?.(new Error('the ngrok tunnel was stopped while it was starting'));
      const open = listener;
      listener = null;
      if (open) await closeQuietly(open);
      const inFlight = opening;
      if (!inFlight) return;
      // A reserved domain can be online only once: a late tunnel must be closed before the next
      // one opens. Bounded, so a hung ngrok cannot hold up shutdown.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        inFlight.then(closeQuietly, () => undefined),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(timeoutMs, STOP_GRACE_MS)))),
      ]);
      clearTimeout(timer);
    },
  };
}
