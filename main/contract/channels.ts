/** The one place IPC channel names are spelled: preload, shell and tests import these. */
import type { Envelope } from './envelope';

export const IPC_INVOKE = 'gdial:invoke';
export const IPC_EVENT = 'gdial:event';
/** The WebSocket path the engine serves the contract on. */
export const WS_PATH = '/rpc';

/** Wire frames of the WebSocket transport. */
export type ClientFrame = { t: 'call'; id: number; method: string; input: unknown };
export type ServerFrame =
  | { t: 'result'; id: number; result: Envelope<unknown> }
  | { t: 'event'; name: string; payload: unknown };
