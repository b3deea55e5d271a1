/**
 * The transport-agnostic router: validate input against the contract, check the session and its
 * role, call the handler, validate the output, and answer an envelope. Every transport (WebSocket,
 * Electron IPC, tests) goes through `call`, so no method can skip a check.
 */
import type { z } from 'zod';
import {
  allows,
  isMethodName,
  methods,
  type Envelope,
  type FieldIssue,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from '../contract';
import type { Actor } from '../audit/audit-log';
import { actorOf } from '../auth/auth-service';
import { hashToken, type ResolvedSession } from '../auth/sessions';
import { AppError } from '../errors';
import type { Logger } from '../log';

/** One client: a WebSocket, an Electron window, a test. Sessions belong to connections. */
export interface Connection {
  readonly id: string;
  /** For the sessions table and logs, e.g. `ws 127.0.0.1` or `ipc`. */
  readonly client: string;
  tokenHash: string | null;
  /** A session fixed for this connection's life (one REST request under an API key): not looked up. */
  readonly pinned?: ResolvedSession;
}

export interface HandlerContext {
  conn: Connection;
  /** The signed-in session; throws `unauthenticated` in public methods that have none. */
  session(): ResolvedSession;
  actor(): Actor;
  signIn(token: string): Promise<void>;
  signOut(): void;
}

type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
  ctx: HandlerContext,
) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

/** The live session behind a token hash, read from the database (and sliding its expiry). */
export type SessionResolver = (tokenHash: string) => Promise<ResolvedSession | null>;
/** The session as this engine last saw it, without a database read: for deciding who receives an event. */
export type SessionPeek = (tokenHash: string) => ResolvedSession | null;

/** The rank rule lives in the contract, so the console asks the very same question. */
export { allows };

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const params: Record<string, string | number> = {};
    for (const key of ['minimum', 'maximum', 'format', 'expected'] as const) {
      const value = (i as unknown as Record<string, unknown>)[key];
      if (typeof value === 'number' || typeof value === 'string') params[key] = value;
      else if (typeof value === 'bigint') params[key] = Number(value);
    }
    return { path: i.path.map(String).join('.') || '(input)', message: i.message, code: i.code, params };
  });
}

const unauthenticated = () =>
  new AppError('unauthenticated', 'Sign in first', { code: 'auth.required' });

export class Router {
  constructor(
    private readonly handlers: Handlers,
    private readonly resolveSession: SessionResolver,
    private readonly log: Logger,
  ) {}

  async call(conn: Connection, method: string, rawInput: unknown): Promise<Envelope<unknown>> {
    try {
      return { ok: true, value: await this.dispatch(conn, method, rawInput) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      this.log.error({ err: error, method }, 'method failed');
      return { ok: false, error: { kind: 'internal', message: 'Internal error; see the engine log', code: 'internal' } };
    }
  }

  private async dispatch(conn: Connection, method: string, rawInput: unknown): Promise<unknown> {
    if (!isMethodName(method)) {
      throw new AppError('not_found', `No such method: ${method}`, { code: 'rpc.unknown_method' });
    }
    const def = methods[method];
    let session = conn.pinned ?? (conn.tokenHash ? await this.resolveSession(conn.tokenHash) : null);
    if (conn.tokenHash && !session) conn.tokenHash = null;
    if (def.access !== 'public') {
      if (!session) throw unauthenticated();
      if (!allows(def.access, session.user.role)) {
        throw new AppError('forbidden', `${method} needs the ${def.access} role`, {
          code: 'auth.forbidden',
          params: { method, role: def.access },
        });
      }
      // An API key may be limited to some methods (its allowlist).
      if (session.mayCall && !session.mayCall(method)) {
        throw new AppError('forbidden', `This API key may not call ${method}`, { code: 'api.method_not_allowed', params: { method } });
      }
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const fields = fieldIssues(parsed.error);
      throw new AppError('validation', `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, {
        code: 'validation',
        fields,
      });
    }
    const ctx: HandlerContext = {
      conn,
      session: () => session ?? (() => { throw unauthenticated(); })(),
      actor: () => ctx.session().actor ?? actorOf(ctx.session().user),
      signIn: async (token) => {
        conn.tokenHash = hashToken(token);
        session = await this.resolveSession(conn.tokenHash);
      },
      signOut: () => {
        conn.tokenHash = null;
        session = null;
      },
    };
    const handler = this.handlers[method] as Handler<MethodName>;
    const result = await handler(parsed.data as never, ctx);
    // Output is checked too: it strips anything the contract does not name (a password hash, say).
    const output = def.output.safeParse(result);
    if (!output.success) {
      this.log.error({ method, issues: output.error.issues }, 'handler output breaks the contract');
      throw new AppError('internal', `${method} produced output that breaks the contract`, { code: 'internal' });
    }
    return output.data;
  }
}
