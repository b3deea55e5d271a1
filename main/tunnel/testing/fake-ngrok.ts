/** An @ngrok/ngrok stand-in for tests: `forward()` opens a loopback proxy to the given addr instead of ngrok's edge. */
import type { NgrokForwardOptions, NgrokLike } from '../ngrok-tunnel';
import { startLoopbackProxy } from './loopback-proxy';

export interface FakeListener {
  readonly url: string;
  closed: boolean;
  /** What ngrok's session reports: 'closed' when it loses the service, 'connected' when back. */
  status(status: 'closed' | 'connected'): void;
}

export function fakeNgrok(behaviour: { fail?: unknown; hang?: boolean; delayMs?: number } = {}) {
  const calls: NgrokForwardOptions[] = [];
  const listeners: FakeListener[] = [];
  const open = () => listeners.filter((l) => !l.closed).length;
  /** The most tunnels open at once: a reserved domain can only be online once. */
  let maxOpen = 0;
  const ngrok: NgrokLike = {
    async forward(config) {
      calls.push({ ...config });
      if (behaviour.fail !== undefined) throw behaviour.fail;
      if (behaviour.hang) return new Promise(() => undefined);
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      const proxy = await startLoopbackProxy({ target: `http://${String(config.addr)}` });
      const listener: FakeListener = { url: proxy.url, closed: false, status: (s) => config.onStatusChange?.(s) };
      listeners.push(listener);
      maxOpen = Math.max(maxOpen, open());
      return {
        url: () => proxy.url,
        close: async () => {
          listener.closed = true;
          await proxy.close();
        },
      };
    },
  };
  return { ngrok, calls, listeners, open, maxOpen: () => maxOpen };
}
