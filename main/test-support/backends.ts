/**
 * The databases every store suite runs on: SQLite in a temp folder, and PostgreSQL (a fresh copy
 * of the migrated template on the run's server, see pg-server.ts). Suites loop over
 * `testBackends()` with `describe.each`, so each case runs on both.
 */
import path from 'node:path';
import { inject } from 'vitest';
import { findResourcesDir } from '../config/paths';
import { openDatabase } from '../db/open';
import { openPostgres } from '../db/open-postgres';
import type { Dialect, Store } from '../db/store';
import type { EngineConfig } from '../engine';
import { removeDir, startTestEngine, tempDir, type TestEngine } from './engine-fixture';
import { createTestPgDatabase } from './pg-server';

export { createTestPgDatabase };

export interface OpenedTestStore {
  store: Store;
  /** The SQLite file's folder, or the PostgreSQL URL of this test's own database. */
  where: string;
  close(): Promise<void>;
}

export interface TestBackend {
  name: Dialect;
  open(): Promise<OpenedTestStore>;
}


async function openSqlite(): Promise<OpenedTestStore> {
  const dir = tempDir('gdial-store-');
  const opened = await openDatabase({ file: path.join(dir, 'gdial.db'), migrationsFolder: path.join(findResourcesDir(), 'migrations') });
  return {
    store: opened.store,
    where: dir,
    close: async () => {
      await opened.store.close();
      removeDir(dir);
    },
  };
}

async function openPg(serverUrl: string): Promise<OpenedTestStore> {
  const db = await createTestPgDatabase(serverUrl);
  const store = await openPostgres({ url: db.url, migrationsFolder: path.join(findResourcesDir(), 'migrations-pg') });
  return {
    store,
    where: db.url,
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}

/** SQLite always; PostgreSQL unless the run was started with GDIAL_TEST_PG=off (which says so). */
export function testBackends(): TestBackend[] {
  const serverUrl = inject('pgServerUrl');
  const backends: TestBackend[] = [{ name: 'sqlite', open: openSqlite }];
  if (serverUrl) backends.push({ name: 'postgres', open: () => openPg(serverUrl) });
  return backends;
}

export interface EngineBackend {
  name: Dialect;
  /** A fresh, empty database on this backend: the engine config that selects it, and its removal. */
  database(): Promise<{ databaseUrl?: string; drop(): Promise<void> }>;
}

/** Whole engines on each backend: SQLite (the data directory's gdial.db) and PostgreSQL. */
export function engineBackends(): EngineBackend[] {
  const serverUrl = inject('pgServerUrl');
  const backends: EngineBackend[] = [{ name: 'sqlite', database: async () => ({ drop: async () => {} }) }];
  if (serverUrl) {
    backends.push({
      name: 'postgres',
      database: async () => {
        const db = await createTestPgDatabase(serverUrl);
        return { databaseUrl: db.url, drop: db.drop };
      },
    });
  }
  return backends;
}

/** `startTestEngine` on a backend's fresh database, dropped again when the engine stops. */
export async function startTestEngineOn(backend: EngineBackend, config: Partial<EngineConfig> = {}): Promise<TestEngine> {
  const db = await backend.database();
  const t = await startTestEngine({ ...config, databaseUrl: db.databaseUrl }).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  const started: TestEngine = {
    ...t,
    databaseUrl: db.databaseUrl,
    stop: async () => {
      await t.stop();
      await db.drop();
    },
  };
  drops.set(started, db.drop);
  return started;
}

/** How to drop each test engine's database, for the engine that restarts on it. */
const drops = new WeakMap<TestEngine, () => Promise<void>>();

/**
 * After `t.engine.stop()`: the engine again on the same data directory and database, as after a
 * restart. Its `stop` removes both.
 */
export async function restartTestEngine(t: TestEngine, config: Partial<EngineConfig> = {}): Promise<TestEngine> {
  const again = await startTestEngine({ ...config, dataDir: t.dataDir, databaseUrl: t.databaseUrl });
  const drop = drops.get(t) ?? (async () => {});
  const restarted: TestEngine = {
    ...again,
    databaseUrl: t.databaseUrl,
    stop: async () => {
      await again.stop();
      removeDir(t.dataDir);
      await drop();
    },
  };
  drops.set(restarted, drop);
  return restarted;
}
