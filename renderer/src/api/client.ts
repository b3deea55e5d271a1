/** The typed face of the contract: `call` and `subscribe`, whichever transport is underneath. */
import { events, methods } from '@contract';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '@contract';
import { ApiError } from './api-error';
import type { ReadableStore } from './store';
import type { ConnectionState, Transport } from './transport';

export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export interface ApiClient {
  /** Resolves with the method's output; throws ApiError when the engine refuses or cannot be reached. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  readonly connection: ReadableStore<ConnectionState>;
  hasToken(): boolean;
}

type AnyHandler = (payload: unknown) => void;

/** Tab-scoped: a reload keeps the session, a new tab or a closed browser does not. */
export function sessionTokenStore(storage: Storage, key = 'gdial.session'): TokenStore {
  return {
    get: () => storage.getItem(key),
    set: (token) => (token === null ? storage.removeItem(key) : storage.setItem(key, token)),
  };
}

export function memoryTokenStore(): TokenStore {
  let token: string | null = null;
  return { get: () => token, set: (t) => void (token = t) };
}

export function createClient(transport: Transport, tokens: TokenStore): ApiClient {
  const handlers = new Map<string, Set<AnyHandler>>();

  function emit(name: string, payload: unknown): void {
    const schema = (events as Record<string, (typeof events)[EventName]>)[name];
    if (!schema) return;
    // An event the contract does not describe would only mislead a screen; drop it.
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return;
    for (const h of [...(handlers.get(name) ?? [])]) h(parsed.data);
  }

  // The session lives in the engine per connection; a lost one is reported like a pushed end.
  function sessionLost(): void {
    if (tokens.get() === null) return;
    tokens.set(null);
    emit('session.ended', { reason: 'expired' });
  }

  transport.onEvent((name, payload) => {
    // The engine already forgot this session; a reconnect must not try to resume it.
    if (name === 'session.ended') tokens.set(null);
    emit(name, payload);
  });
  transport.setHandshake(async (invoke) => {
    const token = tokens.get();
    if (!token) return;
    const env = await invoke('auth.resume', { token });
    if (env.ok) emit('session.user', env.value);
    else if (env.error.kind === 'unauthenticated' || env.error.kind === 'validation') sessionLost();
  });

  return {
    connection: transport.state,
    hasToken: () => tokens.get() !== null,
    async call(method, input) {
      if (method === 'auth.logout') {
        // Forget the token even if the engine is unreachable: the user asked to be signed out.
        const token = tokens.get();
        tokens.set(null);
        if (token === null) return { ok: true } as MethodOutput<typeof method>;
      }
      const env = await transport.invoke(method, input);
      if (!env.ok) {
        if (env.error.kind === 'unauthenticated' && methods[method].access !== 'public') sessionLost();
        throw new ApiError(env.error);
      }
      if (method === 'auth.login' || method === 'auth.setup') {
        tokens.set((env.value as MethodOutput<'auth.login'>).token);
      }
      return env.value as MethodOutput<typeof method>;
    },
    subscribe(event, handler) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      const h = handler as AnyHandler;
      set.add(h);
      return () => set.delete(h);
    },
  };
}
