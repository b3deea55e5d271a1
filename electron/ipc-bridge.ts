/**
 * The contract over Electron IPC. One engine connection (and so one session) per window;
 * every message's sender frame must be the app's own top frame, or it is refused.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type Envelope } from '../main/contract';
import type { Engine } from '../main/engine';
import { fanOutEvents } from '../main/rpc/event-fan-out';
import type { Connection } from '../main/rpc/router';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Only the top frame of a window showing the app's own console may talk to the engine. */
export function appFrameCheck(appUrlPrefix: string): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    return !!frame && frame === event.sender.mainFrame && frame.url.startsWith(appUrlPrefix);
  };
}

const refused: Envelope<never> = {
  ok: false,
  error: { kind: 'forbidden', message: 'This frame may not talk to the engine', code: 'ipc.untrusted_sender' },
};

export function attachIpcBridge(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, engine: Engine, trusted: SenderCheck) {
  const connections = new Map<WebContents, Connection>();

  const connectionFor = (contents: WebContents) => {
    let conn = connections.get(contents);
    if (!conn) {
      conn = engine.connect('ipc');
      connections.set(contents, conn);
      contents.once('destroyed', () => connections.delete(contents));
    }
    return conn;
  };

  ipcMain.handle(IPC_INVOKE, async (event, method: unknown, input: unknown) => {
    if (!trusted(event) || typeof method !== 'string') return refused;
    return engine.router.call(connectionFor(event.sender), method, input);
  });

  // A window whose session ended hears `session.ended` and shows the sign-in; it stays open.
  const stopEvents = fanOutEvents({
    bus: engine.bus,
    connections: () => connections.entries(),
    peekSession: engine.resolveSession,
    sessionEnds: (listener) => engine.onSessionEnded(listener),
    send: (contents, name, payload) => contents.send(IPC_EVENT, name, payload),
  });

  return {
    /** Sessions in use by windows, e.g. to tell whether anyone is signed in. */
    connections: () => [...connections.values()],
    detach() {
      stopEvents();
      ipcMain.removeHandler(IPC_INVOKE);
    },
  };
}
