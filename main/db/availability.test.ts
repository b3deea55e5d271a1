import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testBackends } from '../test-support/backends';
import { cuttableLink } from '../test-support/tcp-cut';
import { openPostgres } from './open-postgres';
import path from 'node:path';
import { findResourcesDir } from '../config/paths';
import { isConnectionLoss } from './availability';

describe('a lost connection', () => {
  it('is told apart from a bad statement', () => {
    expect(isConnectionLoss(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionLoss(new Error('wrapped', { cause: new Error('Connection terminated unexpectedly') }))).toBe(true);
    expect(isConnectionLoss(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isConnectionLoss(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
  });
});

// PostgreSQL only: SQLite is a file and never goes away (its availability is constant).
const postgres = testBackends().filter((b) => b.name === 'postgres');

describe.each(postgres)('the store on $name when the network to the server is cut', (backend) => {
  it('waits for the database, then answers again, and says both', async () => {
    const opened = await backend.open();
    const url = new URL(opened.where);
    const link = await cuttableLink(Number(url.port), url.hostname);
    url.port = String(link.port);
    const store = await openPostgres({ url: url.toString(), migrationsFolder: path.join(findResourcesDir(), 'migrations-pg') });
    try {
      const seen: boolean[] = [];
      store.availability.onChange((waiting) => seen.push(waiting));
      expect(await store.get(sql`SELECT 1 AS one`)).toEqual({ one: 1 });
      link.cut();
      await expect(store.get(sql`SELECT 1 AS one`)).rejects.toThrow();
      expect(store.availability.waiting).toBe(true);
      await expect(store.unit(async (tx) => tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('cut', 'x')`))).rejects.toThrow();
      link.mend();
      await expect.poll(() => store.availability.waiting, { timeout: 10_000 }).toBe(false);
      expect(seen).toEqual([true, false]);
      expect(await store.get(sql`SELECT COUNT(*) AS n FROM app_meta WHERE key = 'cut'`)).toEqual({ n: 0 });
    } finally {
      await store.close();
      await link.close();
      await opened.close();
    }
  });
});
