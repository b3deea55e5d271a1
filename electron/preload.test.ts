import { describe, expect, it, vi } from 'vitest';
import { eventNames, IPC_EVENT, IPC_INVOKE, methodNames } from '../main/contract';

const exposed: Record<string, unknown> = {};
const invoked: unknown[][] = [];
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string, fn: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
    },
    off: (channel: string, fn: (...args: unknown[]) => void) => listeners.get(channel)?.delete(fn),
  },
}));

describe('preload', () => {
  it('exposes exactly invoke and subscribe, as window.gdial', async () => {
    await import('./preload');
    expect(Object.keys(exposed)).toEqual(['gdial']);
    expect(Object.keys(exposed.gdial as object).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('forwards every contract method and nothing else', async () => {
    const { bridge } = await import('./preload');
    for (const method of methodNames) await bridge.invoke(method, {});
    expect(invoked.map(([channel, method]) => [channel, method])).toEqual(methodNames.map((m) => [IPC_INVOKE, m]));
    await expect(bridge.invoke('fs.readFile', {})).rejects.toThrow(/Unknown method/);
    await expect(bridge.invoke('__proto__', {})).rejects.toThrow(/Unknown method/);
    expect(invoked).toHaveLength(methodNames.length);
  });

  it('subscribes to contract events only', async () => {
    const { bridge } = await import('./preload');
    for (const name of eventNames) expect(typeof bridge.subscribe(name, () => undefined)).toBe('function');
    expect(() => bridge.subscribe('process.exit', () => undefined)).toThrow(/Unknown event/);
  });

  it('listens on the one event channel, hands each listener only its event, and lets go on unsubscribe', async () => {
    const { bridge } = await import('./preload');
    listeners.clear();
    const got: unknown[] = [];
    const off = bridge.subscribe('alert.progress', (payload) => got.push(payload));
    expect([...listeners.keys()]).toEqual([IPC_EVENT]);
    const deliver = (name: string, payload: unknown) => listeners.get(IPC_EVENT)!.forEach((fn) => fn({ sender: null }, name, payload));
    deliver('contacts.changed', { ids: [1] });
    deliver('alert.progress', { alerts: [], recipients: [] });
    expect(got).toEqual([{ alerts: [], recipients: [] }]);
    off();
    expect(listeners.get(IPC_EVENT)!.size).toBe(0);
  });
});
