/**
 * The async audit trail on both backends: recordAudit inside units, the keyed chain, and the
 * anchor's checkpoints, which name only committed rows even while a unit is still open.
 */
import { sql } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Queryable, Store } from '../db/store';
import { silentLogger } from '../log';
import { SecretStore } from '../secrets/secret-store';
import { testBackends, type OpenedTestStore } from '../test-support/backends';
import { removeDir, tempDir } from '../test-support/engine-fixture';
import { ANCHOR_FILE } from './audit-anchor';
import { listAuditEntries, recordAudit, startAudit, SYSTEM_ACTOR, verifyAuditChain } from './audit-log';
import type { AuditKeyingHandle } from './audit-keying';
import { readAuditHead } from './audit-store';

const ADMIN = { id: 1, name: 'admin' };

interface AnchorLineRead {
  rows: number;
  head: string;
  event: string | null;
}

function anchorLines(dataDir: string): AnchorLineRead[] {
  const file = path.join(dataDir, ANCHOR_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AnchorLineRead);
}

/** Lets queued checkpoints (setImmediate, then a read after the writer's turn) finish. */
async function settled(store: Store): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await store.get(readMarker);
  }
}
const readMarker = sql`SELECT 1 AS "one"`;

/** Holds a unit open across macrotasks, as a long unit of work would (tests only: units must not wait on timers). */
const holdOpen = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testBackends())('recordAudit on $name', (backend) => {
  let opened: OpenedTestStore;
  let store: Store;
  let dataDir: string;
  let keying: AuditKeyingHandle | null = null;

  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
    dataDir = tempDir('gdial-audit-trail-');
  });
  afterEach(async () => {
    await keying?.close();
    keying = null;
    await opened.close();
    removeDir(dataDir);
  });

  const startKeyed = async () => {
    keying = await startAudit(store, { dataDir, secrets: new SecretStore(dataDir, {}, null), log: silentLogger() });
    return keying;
  };

  it('appends chained rows in the unit, and a bare database keeps plain seals', async () => {
    await store.unit(async (tx) => {
      await recordAudit(tx, ADMIN, { action: 'templates.create', target: { type: 'template', id: 7 }, details: { name: 'Brand' } });
      await recordAudit(tx, SYSTEM_ACTOR, { action: 'backups.run' });
    });
    const entries = await listAuditEntries(store, { limit: 10 });
    expect(entries.map((e) => [e.id, e.action, e.actorName, e.targetType, e.targetId])).toEqual([
      [2, 'backups.run', 'system', null, null],
      [1, 'templates.create', 'admin', 'template', '7'],
    ]);
    expect(entries[1]!.details).toEqual({ name: 'Brand' });
    expect(await listAuditEntries(store, { limit: 10, action: 'backups.run', beforeId: 2 })).toEqual([]);
    expect(await readAuditHead(store)).toMatchObject({ id: 2 });
    expect(await verifyAuditChain(store)).toMatchObject({ intact: true, checked: 2, rows: 2, anchorRows: null });
  });

  it('rolls back with its unit', async () => {
    await store.unit((tx) => recordAudit(tx, ADMIN, { action: 'first' }));
    await expect(
      store.unit(async (tx) => {
        await recordAudit(tx, ADMIN, { action: 'second' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await listAuditEntries(store, { limit: 10 })).map((e) => e.action)).toEqual(['first']);
    expect(await readAuditHead(store)).toMatchObject({ id: 1 });
    expect(await verifyAuditChain(store)).toMatchObject({ intact: true, rows: 1 });
  });

  it('is refused on the root store: only a unit keeps the chain linear', async () => {
    await expect(recordAudit(store, ADMIN, { action: 'outside' })).rejects.toThrow(/inside a unit/);
    expect(await listAuditEntries(store, { limit: 10 })).toEqual([]);
  });

  it('keeps one chain under concurrent units', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.unit(async (tx: Queryable) => {
          await recordAudit(tx, ADMIN, { action: 'contacts.create', details: { i } });
          await recordAudit(tx, ADMIN, { action: 'contacts.update', details: { i } });
        }),
      ),
    );
    expect(await verifyAuditChain(store)).toMatchObject({ intact: true, checked: 40, rows: 40 });
  });

  it('seals with the audit key once keyed, and checkpoints the committed head', async () => {
    await store.unit((tx) => recordAudit(tx, ADMIN, { action: 'before.key' }));
    await startKeyed();
    await store.unit((tx) => recordAudit(tx, ADMIN, { action: 'templates.create' }));
    const head = (await readAuditHead(store))!;
    expect(head.id).toBe(3); // before.key, audit.key_introduced, templates.create
    await expect.poll(() => anchorLines(dataDir).at(-1)).toMatchObject({ rows: 3, head: head.hash });
    expect(anchorLines(dataDir).map((l) => l.event)).toEqual(['keyed', 'start', null]);
    expect(await verifyAuditChain(store)).toMatchObject({ intact: true, checked: 3, anchorRows: 3 });
    // The keyed row cannot be re-sealed as plain: without the key the database refuses unkeyed rows.
    await keying!.close();
    keying = null;
    await expect(store.unit((tx) => recordAudit(tx, ADMIN, { action: 'no.key' }))).rejects.toMatchObject({ code: 'audit.key_unavailable' });
  });

  it('never checkpoints a row its unit may still roll back, and checkpoints it once committed', async () => {
    await startKeyed();
    const startRows = (await readAuditHead(store))?.id ?? 0;
    await expect(
      store.unit(async (tx) => {
        await recordAudit(tx, ADMIN, { action: 'rolled.back' });
        await holdOpen(150); // the checkpoint's turn comes while this unit is open
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await settled(store);
    expect(Math.max(...anchorLines(dataDir).map((l) => l.rows))).toBe(startRows);

    await store.unit(async (tx) => {
      await recordAudit(tx, ADMIN, { action: 'committed' });
      await holdOpen(150);
    });
    const head = (await readAuditHead(store))!;
    expect(head.id).toBe(startRows + 1);
    await expect.poll(() => anchorLines(dataDir).at(-1)).toMatchObject({ rows: head.id, head: head.hash, event: null });
    // The rolled-back row had the same number: no line may carry its seal.
    expect(anchorLines(dataDir).filter((l) => l.rows === head.id && l.head !== head.hash)).toEqual([]);
    expect(await verifyAuditChain(store)).toMatchObject({ intact: true, anchorRows: head.id });
  });
});
