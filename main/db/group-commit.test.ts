import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { GroupCommit } from './group-commit';

describe.each(testBackends())('GroupCommit on $name', (backend) => {
  let db: OpenedTestStore;
  beforeEach(async () => {
    db = await backend.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('commits writes that arrive together in one unit, and a failing write alone rolls back', async () => {
    const batcher = new GroupCommit(db.store);
    const insert = (key: string) => batcher.run(async (tx) => (await tx.run(sql`INSERT INTO app_meta (key, value) VALUES (${key}, 'x')`)).changes);
    const results = await Promise.allSettled([
      insert('a'),
      insert('a'), // duplicate key: fails alone
      insert('b'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const keys = (await db.store.all<{ key: string }>(sql`SELECT key FROM app_meta WHERE key IN ('a', 'b') ORDER BY key`)).map((r) => r.key);
    expect(keys).toEqual(['a', 'b']);
    expect(batcher.commits).toBe(1);
  });

  it('a failing write rolls back what it wrote before failing, and only that', async () => {
    const batcher = new GroupCommit(db.store);
    const results = await Promise.allSettled([
      batcher.run((tx) => tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('kept', 'x')`)),
      batcher.run(async (tx) => {
        await tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('undone', 'x')`);
        await tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('kept', 'again')`); // duplicate: fails
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    const rows = await db.store.all<{ key: string; value: string }>(sql`SELECT key, value FROM app_meta WHERE key IN ('kept', 'undone') ORDER BY key`);
    expect(rows).toEqual([{ key: 'kept', value: 'x' }]);
    expect(batcher.commits).toBe(1);
  });
});
