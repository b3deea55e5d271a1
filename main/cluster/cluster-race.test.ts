// Several engine processes started at once on one PostgreSQL: exactly one leads, the others
// stand by, and every engine (and its /healthz and /readyz) says the same.
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findResourcesDir } from '../config/paths';
import { openPostgres } from '../db/open-postgres';
import { createTestPgDatabase } from '../test-support/pg-server';
import type { Store } from '../db/store';
import { engineBackends } from '../test-support/backends';
import type { ClusterStatus } from '../contract';
import { adminCall, leaderOf, openClusterDatabase, startClusterEngine, type ClusterEngine } from '../test-support/cluster-fixture';

// PostgreSQL only: on SQLite one engine owns the database file.
const postgres = engineBackends().filter((b) => b.name === 'postgres');

describe.each(postgres)('engines racing for the lead on $name', (backend) => {
  const engines: ClusterEngine[] = [];
  let db: Store | null = null;
  let drop: (() => Promise<void>) | null = null;
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.kill9()));
    await db?.close();
    await drop?.();
  });

  it('exactly one of three engines started together leads; the others stand by', { timeout: 90_000 }, async () => {
    const database = await backend.database();
    drop = database.drop;
    const url = database.databaseUrl!;
    db = await openClusterDatabase(url);
    engines.push(...(await Promise.all(['ws-a', 'ws-b', 'ws-c'].map((name) => startClusterEngine(name, url)))));

    const leader = await leaderOf(db);
    expect(leader).not.toBeNull();
    const statuses = await Promise.all(engines.map((e) => adminCall<ClusterStatus>(e.url, 'system.cluster')));
    const leading = statuses.filter((s) => s.self.role === 'leader');
    expect(leading.map((s) => s.self.name)).toEqual([leader!.name]);
    expect(statuses.filter((s) => s.self.role === 'standby')).toHaveLength(2);
    for (const s of statuses) expect(s.multiple).toBe(true);

    // Every workstation seals the one audit log with the key they share: the chain verifies on each.
    for (const e of engines) expect(await adminCall<{ intact: boolean; problem: string | null }>(e.url, 'audit.verify')).toMatchObject({ intact: true, problem: null });
    // A workstation without that key takes no audited action (sign-in included), and says why.
    const keyless = await startClusterEngine('ws-keyless', url, { GDIAL_AUDIT_KEY: '' });
    engines.push(keyless);
    await expect(adminCall(keyless.url, 'system.cluster')).rejects.toThrow(/GDIAL_AUDIT_KEY/);

    for (const e of engines) {
      if (e === keyless) continue;
      const health = (await (await fetch(`${e.url}/healthz`)).json()) as { ok: boolean; workstation: string; role: string };
      expect(health).toMatchObject({ ok: true, workstation: e.name, role: e.name === leader!.name ? 'leader' : 'standby' });
      const ready = await fetch(`${e.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ok: true, database: 'writable' });
    }
  });

  it('three engines opening a new, empty database together: one migrates, the others wait, all start', async () => {
    const empty = await createTestPgDatabase(inject('pgServerUrl')!, { empty: true });
    const migrationsFolder = path.join(findResourcesDir(), 'migrations-pg');
    try {
      const stores = await Promise.all([1, 2, 3].map(() => openPostgres({ url: empty.url, migrationsFolder, max: 2 })));
      try {
        const applied = await stores[0]!.get<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM drizzle.__drizzle_migrations`);
        expect(Number(applied!.n)).toBe(stores[0]!.info.schemaVersion);
        for (const store of stores) expect(await store.get(sql`SELECT 1 AS "one" FROM cluster_leadership LIMIT 1`)).toBeUndefined();
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    } finally {
      await empty.drop();
    }
  });
});
