import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends, type OpenedTestStore } from '../test-support/backends';

describe.each(testBackends())('the store on $name', (backend) => {
  let opened: OpenedTestStore;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(() => opened.close());

  it('answers rows with camelCase aliases, numbers for times and counts', async () => {
    const { store } = opened;
    const at = 1_767_225_600_123; // beyond 2^31: a bigint column on PostgreSQL
    const row = await store.get<{ id: number }>(sql`
      INSERT INTO app_meta (key, value) VALUES (${'k1'}, ${'v1'}) RETURNING key AS "theKey"`);
    expect(row).toEqual({ theKey: 'k1' });
    await store.run(sql`INSERT INTO templates (name, created_at, updated_at) VALUES (${'T'}, ${at}, ${at})`);
    const t = await store.get<{ createdAt: number; n: number }>(sql`
      SELECT created_at AS "createdAt", (SELECT COUNT(*) FROM templates) AS n FROM templates WHERE name = ${'T'}`);
    expect(t).toEqual({ createdAt: at, n: 1 });
    expect(await store.get(sql`SELECT 1 FROM templates WHERE name = ${'missing'}`)).toBeUndefined();
  });

  it('binds booleans as the 0/1 flags both schemas keep', async () => {
    const { store } = opened;
    const at = Date.now();
    await store.run(sql`INSERT INTO contacts (name, active, created_at, updated_at) VALUES (${'Flag'}, ${false}, ${at}, ${at})`);
    const row = await store.get<{ active: number }>(sql`SELECT active FROM contacts WHERE name = ${'Flag'} AND active = 0`);
    expect(row).toEqual({ active: 0 });
  });

  it('commits a unit as a whole, rolls it back as a whole, and nests savepoints', async () => {
    const { store } = opened;
    await store.unit(async (tx) => {
      await tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('u1', 'a')`);
      await tx.unit(async (inner) => inner.run(sql`INSERT INTO app_meta (key, value) VALUES ('u2', 'b')`)).catch(() => {});
      await tx
        .unit(async (inner) => {
          await inner.run(sql`INSERT INTO app_meta (key, value) VALUES ('u3', 'c')`);
          throw new Error('inner fails');
        })
        .catch(() => {});
    });
    await expect(
      store.unit(async (tx) => {
        await tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('u4', 'd')`);
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    const keys = await store.all<{ key: string }>(sql`SELECT key FROM app_meta WHERE key LIKE 'u%' ORDER BY key`);
    expect(keys.map((k) => k.key)).toEqual(['u1', 'u2']);
  });

  it('inserts rows in bulk: ids in the order given, clashes skipped, all or nothing', async () => {
    const { store } = opened;
    const at = 1_767_225_600_000;
    const names = Array.from({ length: 12_001 }, (_, i) => `Bulk ${i}`); // more than one PostgreSQL chunk
    const bulk = { table: 'groups', columns: [['name', 'text'], ['description', 'text'], ['created_at', 'int'], ['updated_at', 'int']], returnIds: true } as const;
    const ids = await store.insertRows(bulk, names.map((n) => [n, 'å', at, at]));
    const rows = await store.all<{ id: number; name: string }>(sql`SELECT id, name FROM groups WHERE name LIKE 'Bulk %' ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => r.name)).toEqual(names);

    const members = { table: 'app_meta', columns: [['key', 'text'], ['value', 'text']], skipConflictOn: ['key'] } as const;
    await store.insertRows(members, [['b1', 'first'], ['b1', 'second'], ['b2', 'två']]);
    expect(await store.all(sql`SELECT key, value FROM app_meta WHERE key LIKE 'b_' ORDER BY key`)).toEqual([
      { key: 'b1', value: 'first' },
      { key: 'b2', value: 'två' },
    ]);

    // A row that fails (a NULL name) takes the rows before it with it, also outside a unit.
    await expect(store.insertRows(bulk, [['Kept? 1', '', at, at], [null, '', at, at]])).rejects.toThrow();
    expect(await store.get(sql`SELECT id FROM groups WHERE name = 'Kept? 1'`)).toBeUndefined();
    await expect(store.insertRows({ ...members, returnIds: true }, [['b3', 'x']])).rejects.toThrow('cannot answer ids');
  });

  it('serialises units: concurrent read-then-write loses no update', async () => {
    const { store } = opened;
    await store.run(sql`INSERT INTO app_meta (key, value) VALUES ('counter', '0')`);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.unit(async (tx) => {
          const { value } = (await tx.get<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = 'counter'`))!;
          await tx.run(sql`UPDATE app_meta SET value = ${String(Number(value) + 1)} WHERE key = 'counter'`);
        }),
      ),
    );
    expect(await store.get(sql`SELECT value FROM app_meta WHERE key = 'counter'`)).toEqual({ value: '20' });
  });

  it('joins a unit opened inside another instead of waiting for the turn it holds', async () => {
    const { store } = opened;
    // A service that opens its own unit, called from inside another unit (through the root store).
    const noteKey = (key: string) => store.unit(async (tx) => tx.run(sql`INSERT INTO app_meta (key, value) VALUES (${key}, 'j')`));
    await store.unit(async (tx) => {
      await tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('j1', 'j')`);
      await noteKey('j2');
      expect(await store.get(sql`SELECT COUNT(*) AS n FROM app_meta WHERE key IN ('j1', 'j2')`)).toEqual({ n: 2 });
    });
    await expect(
      store.unit(async () => {
        await noteKey('j3');
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    const keys = await store.all<{ key: string }>(sql`SELECT key FROM app_meta WHERE key LIKE 'j%' ORDER BY key`);
    expect(keys.map((k) => k.key)).toEqual(['j1', 'j2']);
  });

  it('lets a callback scheduled inside a unit use the store after the unit ended', async () => {
    const { store } = opened;
    const later = new Promise<unknown>((resolve, reject) => {
      void store.unit(async (tx) => {
        await tx.run(sql`INSERT INTO app_meta (key, value) VALUES ('after', 'a')`);
        setImmediate(() => store.get(sql`SELECT value FROM app_meta WHERE key = 'after'`).then(resolve, reject));
      });
    });
    expect(await later).toEqual({ value: 'a' });
  });

  it('refuses a unit handle used after its unit ended', async () => {
    const { store } = opened;
    let leaked: Parameters<Parameters<typeof store.unit>[0]>[0] | undefined;
    await store.unit(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.get(sql`SELECT 1 AS one`)).rejects.toThrow(/after it ended/);
  });

  it('reports which database it is, without a password', () => {
    expect(opened.store.info.dialect).toBe(backend.name);
    expect(opened.store.info.location).not.toContain('gdial-test@');
    expect(opened.store.info.schemaVersion).toBeGreaterThan(0);
  });
});
