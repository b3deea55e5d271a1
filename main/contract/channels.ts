/** The one place IPC channel names are spelled: preload, shell and tests import these. */
import type { Envelope } from './envelope';

export const IPC_INVOKE = 'gdial:invoke';
export const IPC_EVENT = 'gdial:event';
/** The WebSocket path the engine serves the contract on. */
export const WS_PATH = '/rpc';
/**
 * The largest frame a client may send over the WebSocket (4 MiB): room for any call, e.g. an
 * alert naming 200,000 contacts (~1.6 MB). Bigger data (contact files) goes in smaller pieces;
 * a larger frame closes that one connection (1009).
 */
export const WS_MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** Wire frames of the WebSocket transport. */
export type ClientFrame = { t: 'call'; id: number; method: string; input: unknown };
export type ServerFrame =
  | { t: 'result'; id: number; result: Envelope<unknown> }
  | { t: 'event'; name: string; payload: unknown };
