// The leadership itself, in one process: two engines' Cluster objects over their own pools on
// one PostgreSQL database (duties recorded, not run). The leader's lock session is terminated as
// a dead connection would be: it is deposed at once, the other leads under a new epoch, claims
// of the old epoch are refused, and every engine announces the takeover. On SQLite the one
// engine leads at once.
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findResourcesDir } from '../config/paths';
import type { Takeover } from '../contract';
import { openPostgres } from '../db/open-postgres';
import type { Store } from '../db/store';
import { createLogger } from '../log';
import { testBackends } from '../test-support/backends';
import { Cluster, type LeaderDuties } from './cluster';
import { currentLeadership } from './cluster-store';

const log = createLogger({ level: 'silent' });

interface Recorded extends LeaderDuties {
  events: string[];
}

function recorder(): Recorded {
  const events: string[] = [];
  return {
    events,
    lead: async (epoch, takeover) => void events.push(`lead ${epoch}${takeover ? ' takeover' : ''}`),
    depose: async () => void events.push('depose'),
    kick: () => void events.push('kick'),
  };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe.each(testBackends())('the cluster on $name', (backend) => {
  it('one leads; a leader whose lock session ends is deposed and another takes over under a new epoch', async () => {
    const opened = await backend.open();
    cleanup.push(() => opened.close());
    const a = recorder();
    const first = new Cluster({ store: opened.store, name: 'ws-a', duties: a, log });
    cleanup.push(() => first.stop());
    await first.start();
    expect(first.leading).toBe(true);
    expect(a.events).toEqual(['lead 1']);
    if (backend.name === 'sqlite') {
      expect(first.status()).toMatchObject({ multiple: false, self: { name: 'ws-a', role: 'leader' }, epoch: 1 });
      return;
    }

    // A second engine: its own pool on the same database, as on another machine.
    const other = await openPostgres({ url: opened.where, migrationsFolder: path.join(findResourcesDir(), 'migrations-pg'), max: 3 });
    cleanup.push(() => other.close());
    const b = recorder();
    const second = new Cluster({ store: other, name: 'ws-b', duties: b, log });
    cleanup.push(() => second.stop());
    const takeovers: Takeover[] = [];
    second.onTakeover((t) => takeovers.push(t));
    first.onTakeover((t) => takeovers.push(t));
    await second.start();
    expect(second.leading).toBe(false);
    expect(b.events).toEqual([]);
    // A standby's queued work reaches the leader (NOTIFY on the leader's lock connection).
    second.kick();
    await until('the leader is kicked', () => a.events.includes('kick'));

    // The leader loses the carrier: the standby's consoles are told, and show it.
    let seen = 0;
    second.onUplinkSeen(() => seen++);
    expect(second.leaderWaitsForUplink()).toBe(false);
    expect(first.leaderWaitsForUplink()).toBeUndefined(); // the leader's own dispatcher knows
    first.noteUplink(false);
    await until('the standby sees the leader waiting for the carrier', () => second.leaderWaitsForUplink() === true, 6_000);
    expect(seen).toBe(1);
    first.noteUplink(true);
    await until('and the carrier back', () => second.leaderWaitsForUplink() === false, 6_000);

    // The leader's lock session ends (as when its machine dies or its connection is cut).
    await terminateLockSession(other, 'ws-a');
    await until('the leader is deposed', () => a.events.includes('depose'));
    expect(first.leading).toBe(false);
    // `leading` turns true before the duties have started (the role is set first, then lead()
    // runs), so wait for the duties themselves.
    await until('the standby takes over', () => second.leading && b.events.length > 0);
    expect(b.events).toEqual(['lead 2 takeover']);
    expect(await currentLeadership(other)).toMatchObject({ epoch: 2, leaderName: 'ws-b' });
    // The engine before stays a standby (its lock is held by the new leader now).
    await new Promise((r) => setTimeout(r, 1_200));
    expect(first.leading).toBe(false);
    expect(a.events.filter((e) => e.startsWith('lead'))).toEqual(['lead 1']);
    // Every engine announces the takeover to its consoles.
    await until('both announce it', () => takeovers.length >= 2, 6_000);
    for (const t of takeovers) expect(t).toMatchObject({ from: 'ws-a', to: 'ws-b' });
    await until('both list two engines, ws-b leading', () =>
      [first, second].every((c) => c.status().nodes.length === 2 && c.status().leader?.name === 'ws-b'),
    );
  });
});

/** Ends the lock session of the engine named `name` as seen from PostgreSQL. */
async function terminateLockSession(store: Store, name: string): Promise<void> {
  const rows = await store.all<{ pid: number }>(sql`
    SELECT pid AS "pid" FROM pg_stat_activity WHERE datname = current_database() AND application_name = ${`gdial-leader-lock ${name}`}`);
  expect(rows).toHaveLength(1);
  await store.run(sql`SELECT pg_terminate_backend(${rows[0]!.pid})`);
}
