import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { GroupCommit } from './group-commit';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe('GroupCommit', () => {
  it('commits writes that arrive together in one transaction, and a failing write alone rolls back', async () => {
    t = await startTestEngine({ dispatch: false });
    const db = t.engine.db;
    const batcher = new GroupCommit(db);
    const insert = db.$client.prepare("INSERT INTO app_meta (key, value) VALUES (?, 'x')");
    const results = await Promise.allSettled([
      batcher.run(() => insert.run('a').changes),
      batcher.run(() => insert.run('a').changes), // duplicate key: fails alone
      batcher.run(() => insert.run('b').changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const keys = (db.$client.prepare("SELECT key FROM app_meta WHERE key IN ('a', 'b') ORDER BY key").all() as { key: string }[]).map((r) => r.key);
    expect(keys).toEqual(['a', 'b']);
    expect(batcher.commits).toBe(1);
  });
});
