/** Picks the transport for where the console runs: Electron's preload bridge, else WebSocket. */
import { WS_PATH } from '@contract';
import { createClient, sessionTokenStore } from './client';
import type { ApiClient } from './client';
import { createIpcTransport } from './ipc-transport';
import { createWsTransport, wsUrlFor } from './ws-transport';

export { ApiError, isApiError } from './api-error';
export type { ApiClient } from './client';
export type { ConnectionState } from './transport';

export function createDefaultClient(): ApiClient {
  const transport = window.gdial
    ? createIpcTransport(window.gdial)
    : createWsTransport({ url: wsUrlFor(window.location, WS_PATH) });
  return createClient(transport, sessionTokenStore(window.sessionStorage));
}
