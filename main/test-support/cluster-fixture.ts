/**
 * Several engine processes on one PostgreSQL, as several workstations would run them: each its
 * own `serve` process, data directory and workstation name, all on the same database and the
 * same carrier (a simulator the test owns, which outlives every engine).
 */
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { findResourcesDir } from '../config/paths';
import { openPostgres } from '../db/open-postgres';
import type { Store } from '../db/store';
import { PASSWORD, removeDir, tempDir } from './engine-fixture';
import { startServe, type ServeProcess } from './run-node';
import { wsClient } from './ws-client';

/** Every engine of a test cluster bootstraps the same first admin, as an installer's script would. */
export const ADMIN = { GDIAL_ADMIN_USER: 'admin', GDIAL_ADMIN_PASSWORD: PASSWORD };
/** The audit key every workstation of a cluster shares (README, "Several workstations"). */
export const CLUSTER_AUDIT_KEY = { GDIAL_AUDIT_KEY: 'test-cluster-audit-key-0123456789abcdef' };

export interface ClusterEngine extends ServeProcess {
  name: string;
  dataDir: string;
  /** SIGKILL, as a power cut would: nothing is cleaned up, the database session just ends. */
  kill9(): Promise<void>;
  /** Everything it wrote to stderr (its logs), for failure messages. */
  stderr(): string;
}

/** One engine process named `name` on `databaseUrl`; `env` adds settings (GDIAL_*). */
export async function startClusterEngine(name: string, databaseUrl: string, env: Record<string, string> = {}): Promise<ClusterEngine> {
  const dataDir = tempDir(`gdial-${name}-`);
  const serve = await startServe(['--port', '0', '--data-dir', dataDir], {
    GDIAL_LOG_LEVEL: 'warn',
    GDIAL_DATABASE_URL: databaseUrl,
    GDIAL_WORKSTATION_NAME: name,
    ...ADMIN,
    ...CLUSTER_AUDIT_KEY,
    ...env,
  }).catch((error: unknown) => {
    removeDir(dataDir);
    throw error;
  });
  let stderr = '';
  serve.child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => {
    if (serve.child.exitCode !== null || serve.child.signalCode !== null) resolve();
    else serve.child.once('exit', () => resolve());
  });
  return {
    ...serve,
    name,
    dataDir,
    stderr: () => stderr,
    kill9: async () => {
      if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
      await exited;
      removeDir(dataDir);
    },
    stop: async () => {
      await serve.stop();
      removeDir(dataDir);
    },
  };
}

/** A store of the test's own on the cluster's database, to look at the rows the engines share. */
export function openClusterDatabase(databaseUrl: string): Promise<Store> {
  return openPostgres({ url: databaseUrl, migrationsFolder: path.join(findResourcesDir(), 'migrations-pg'), max: 2 });
}

/** The workstation that leads now (as recorded with the epoch), or null before any has led. */
export async function leaderOf(db: Store): Promise<{ name: string; epoch: number } | null> {
  const row = await db.get<{ name: string | null; epoch: number }>(sql`SELECT leader_name AS "name", epoch AS "epoch" FROM cluster_leadership WHERE id = 1`);
  return row?.name ? { name: row.name, epoch: Number(row.epoch) } : null;
}

/** Waits until a leader other than `not` (and after epoch `after`) is recorded; returns it. */
export async function waitForLeader(db: Store, opts: { not?: string; after?: number; timeoutMs?: number } = {}): Promise<{ name: string; epoch: number }> {
  const until = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const leader = await leaderOf(db);
    if (leader && leader.name !== opts.not && leader.epoch > (opts.after ?? 0)) return leader;
    if (Date.now() > until) throw new Error(`no new leader within ${opts.timeoutMs ?? 30_000} ms (now: ${JSON.stringify(leader)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Signs in as the admin on one engine and makes one call; throws the engine's error. */
export async function adminCall<T = unknown>(url: string, method: string, input: unknown = {}): Promise<T> {
  const client = await wsClient(url);
  try {
    const login = await client.call('auth.login', { username: ADMIN.GDIAL_ADMIN_USER, password: ADMIN.GDIAL_ADMIN_PASSWORD });
    if (!login.ok) throw new Error(`login on ${url}: ${login.error.message}`);
    const result = await client.call(method, input);
    if (!result.ok) throw new Error(`${method} on ${url}: ${result.error.message}`);
    return result.value as T;
  } finally {
    client.ws.close();
  }
}
