/**
 * The only door from the console into the app: `invoke` for contract methods and `subscribe`
 * for contract events, nothing else. Bundled as one CommonJS file (sandboxed preloads cannot
 * load modules).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, IPC_EVENT, IPC_INVOKE, methodNames } from '../main/contract';

const allowedMethods = new Set<string>(methodNames);
const allowedEvents = new Set<string>(eventNames);

export const bridge = {
  invoke(method: string, input: unknown): Promise<unknown> {
    if (!allowedMethods.has(method)) return Promise.reject(new Error(`Unknown method ${method}`));
    return ipcRenderer.invoke(IPC_INVOKE, method, input);
  },
  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    if (!allowedEvents.has(event)) throw new Error(`Unknown event ${event}`);
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.off(IPC_EVENT, handler);
  },
};

contextBridge.exposeInMainWorld('gdial', bridge);
