/**
 * How the CLI reaches an engine without ever becoming a second one: if an engine owns the data
 * directory, talk to it over its WebSocket with the local token from its lock file; otherwise
 * start one in this process (taking the lock, so nothing else can start meanwhile).
 */
import WebSocket from 'ws';
import { WS_PATH, type Envelope, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput, type ServerFrame } from '../contract';
import { startEngine } from '../engine';
import { AppError } from '../errors';
import { lockOwner } from '../lock/data-dir-lock';
import { silentLogger } from '../log';
import { deliversTo } from '../rpc/audience';

export interface EngineClient {
  /** Where the work happens, for the operator's peace of mind. */
  readonly via: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): void;
  close(): Promise<void>;
}

function unwrap<T>(method: string, envelope: Envelope<unknown>): T {
  if (envelope.ok) return envelope.value as T;
  throw new AppError(envelope.error.kind, envelope.error.message, {
    code: envelope.error.code,
    params: envelope.error.params,
    fields: envelope.error.fields,
  });
}

async function overWebSocket(url: string, token: string): Promise<EngineClient> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + WS_PATH);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (error) =>
      reject(new AppError('unavailable', `The running engine at ${url} does not answer (${error.message})`, { code: 'cli.engine_unreachable' })),
    );
  });
  let next = 0;
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const handlers = new Map<string, Array<(payload: never) => void>>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as ServerFrame;
    if (frame.t === 'result') pending.get(frame.id)?.(frame.result);
    else for (const h of handlers.get(frame.name) ?? []) h(frame.payload as never);
  });
  ws.on('close', () => {
    for (const resolve of pending.values())
      resolve({ ok: false, error: { kind: 'unavailable', message: 'The engine closed the connection' } });
  });
  const client: EngineClient = {
    via: `the running engine at ${url}`,
    call: (method, input) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, (envelope) => {
          pending.delete(id);
          try {
            resolve(unwrap(method, envelope));
          } catch (error) {
            reject(error);
          }
        });
        ws.send(JSON.stringify({ t: 'call', id, method, input }));
      }),
    on: (event, handler) => handlers.set(event, [...(handlers.get(event) ?? []), handler as (payload: never) => void]),
    close: async () => ws.close(),
  };
  await client.call('auth.local', { token });
  return client;
}

async function inProcess(dataDir: string): Promise<EngineClient> {
  const engine = await startEngine({ dataDir, env: process.env, logger: silentLogger(), dispatch: false });
  const conn = engine.connect('cli');
  const client: EngineClient = {
    via: `a local engine on ${engine.dataDir}`,
    call: async (method, input) => unwrap(method, await engine.router.call(conn, method, input)),
    on: (event, handler) => {
      engine.bus.on((name, payload, audience) => {
        if ((name as string) === event && deliversTo(conn, audience, engine.resolveSession)) handler(payload as never);
      });
    },
    close: () => engine.stop(),
  };
  await client.call('auth.local', { token: engine.localToken });
  return client;
}

export async function connectEngine(dataDir: string): Promise<EngineClient> {
  const owner = lockOwner(dataDir);
  if (!owner) return inProcess(dataDir);
  if (!owner.url || !owner.localToken) {
    throw new AppError(
      'conflict',
      `GDial (pid ${owner.pid}) is using ${dataDir} and is still starting or offers no local access; try again, or close it first`,
      { code: 'cli.engine_busy' },
    );
  }
  return overWebSocket(owner.url, owner.localToken);
}
