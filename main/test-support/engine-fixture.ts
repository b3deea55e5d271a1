/** Real engines on real temp directories for tests: nothing here is a mock. */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MethodInput, MethodName, MethodOutput, Role } from '../contract';
import { startEngine, type Engine, type EngineConfig } from '../engine';
import { silentLogger } from '../log';
import type { Connection } from '../rpc/router';

export const PASSWORD = 'correct horse battery';

export function tempDir(prefix = 'gdial-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

export interface TestEngine {
  engine: Engine;
  dataDir: string;
  /** The PostgreSQL database's URL (with its password) when the engine runs on one (backends.ts). */
  databaseUrl?: string;
  /** Calls through the router, throwing on an error envelope. */
  call<M extends MethodName>(conn: Connection, method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** A connection signed in as a new user with this role (the first one becomes the admin). */
  signedIn(role: Role, username?: string): Promise<Connection>;
  stop(): Promise<void>;
}

export async function startTestEngine(config: Partial<EngineConfig> = {}): Promise<TestEngine> {
  const dataDir = config.dataDir ?? tempDir();
  const engine = await startEngine({ logger: silentLogger(), webhookPort: 0, ...config, dataDir });
  let admin: Connection | null = null;

  const call: TestEngine['call'] = async (conn, method, input) => {
    const result = await engine.router.call(conn, method, input);
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { envelope: result.error });
    return result.value as never;
  };

  const signedIn: TestEngine['signedIn'] = async (role, username) => {
    if (!admin) {
      admin = engine.connect('test');
      await call(admin, 'auth.setup', { username: 'admin', displayName: 'Admin', password: PASSWORD });
    }
    if (role === 'admin' && !username) return admin;
    const name = username ?? `${role}-${Math.random().toString(36).slice(2, 8)}`;
    await call(admin, 'users.create', { username: name, displayName: name, role, password: PASSWORD });
    const conn = engine.connect('test');
    await call(conn, 'auth.login', { username: name, password: PASSWORD });
    return conn;
  };

  return {
    engine,
    dataDir,
    call,
    signedIn,
    stop: async () => {
      await engine.stop();
      if (!config.dataDir) removeDir(dataDir);
    },
  };
}

/** Counts rows, to prove that a refused call changed nothing. */
export async function rowCounts(engine: Engine): Promise<Record<string, number>> {
  const tables = ['users', 'sessions', 'settings', 'templates', 'audit_log'];
  const counts = await Promise.all(tables.map((t) => engine.store.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${sql.identifier(t)}`)));
  return Object.fromEntries(tables.map((t, i) => [t, counts[i]!.n]));
}
