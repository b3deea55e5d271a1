/**
 * An audit trail on any backend for the audit suites: a data directory with the key and the
 * anchor, rows recorded in units, and the forger's tools, through SQL on the store (so the same
 * tampering runs on SQLite and PostgreSQL), then checked with `gdial audit verify`'s own code.
 */
import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { ANCHOR_FILE } from '../audit/audit-anchor';
import { keyBytes, sealNextRow, type AuditHead, type AuditRow } from '../audit/audit-hash';
import { recordAudit, startAudit } from '../audit/audit-log';
import { allAuditRows, readAuditHead } from '../audit/audit-store';
import { auditVerify } from '../cli/audit-command';
import type { AuditVerifyResult } from '../contract';
import type { Queryable, Store } from '../db/store';
import { silentLogger } from '../log';
import { SecretStore, type SecretCipher } from '../secrets/secret-store';
import type { OpenedTestStore, TestBackend } from './backends';
import { removeDir, tempDir } from './engine-fixture';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const ADMIN = { id: 1, name: 'admin' };

export interface AuditTrailFixture {
  store: Store;
  /** Where the key (secrets.json) and the anchor live; on SQLite also gdial.db. */
  dataDir: string;
  backend: TestBackend['name'];
  /** Starts the audit keying (as the engine does) and keeps it until `stop`. */
  start(cipher?: SecretCipher | null): Promise<void>;
  stop(): Promise<void>;
  record(count: number, action?: string): Promise<void>;
  /** `gdial audit verify --json` in this process, on this backend (GDIAL_DATABASE_URL on PostgreSQL). */
  verify(manifest?: string): Promise<{ code: number; result: AuditVerifyResult; text: string }>;
  close(): Promise<void>;
}

export async function auditTrail(backend: TestBackend): Promise<AuditTrailFixture> {
  const opened: OpenedTestStore = await backend.open();
  // SQLite: the data directory is the one gdial.db is in, so the CLI finds it there.
  const dataDir = backend.name === 'sqlite' ? opened.where : tempDir('gdial-audit-pg-');
  let handle: Awaited<ReturnType<typeof startAudit>> | null = null;
  const store = opened.store;
  const fixture: AuditTrailFixture = {
    store,
    dataDir,
    backend: backend.name,
    async start(cipher = null) {
      handle = await startAudit(store, { dataDir, secrets: new SecretStore(dataDir, {}, cipher), log: silentLogger() });
    },
    async stop() {
      // As the engine's stop: the last checkpoint, if the head moved since, then the anchor closes.
      await handle?.close();
      handle = null;
    },
    async record(count, action = 'templates.create') {
      for (let i = 0; i < count; i++) {
        await store.unit((tx) => recordAudit(tx, ADMIN, { action, target: { type: 'template', id: i + 1 }, details: { name: `Mall ${i}` } }));
      }
    },
    async verify(manifest) {
      const out: string[] = [];
      const saved = process.env.GDIAL_DATABASE_URL;
      if (backend.name === 'postgres') process.env.GDIAL_DATABASE_URL = opened.where;
      try {
        const code = await auditVerify({ dataDir, json: true, manifest }, { out: (l) => out.push(l), err: (l) => out.push(l) });
        const text = out.join('\n');
        return { code, result: JSON.parse(text) as AuditVerifyResult, text };
      } finally {
        if (saved === undefined) delete process.env.GDIAL_DATABASE_URL;
        else process.env.GDIAL_DATABASE_URL = saved;
      }
    },
    async close() {
      await handle?.close();
      await opened.close();
      if (backend.name === 'postgres') removeDir(dataDir);
    },
  };
  return fixture;
}

export interface AnchorLineRead {
  rows: number;
  head: string;
  keyedFrom: number;
  event: string | null;
}

export function anchorLines(dataDir: string): AnchorLineRead[] {
  return readFileSync(path.join(dataDir, ANCHOR_FILE), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AnchorLineRead);
}

/** Waits until the anchor's last checkpoint names the committed head. */
export async function settleAnchor(f: AuditTrailFixture): Promise<void> {
  const head = await readAuditHead(f.store);
  if (!head) return;
  await expect.poll(() => Math.max(0, ...anchorLines(f.dataDir).map((l) => l.rows)), { timeout: 5_000 }).toBeGreaterThanOrEqual(head.id);
}

// The forger's tools: SQL on the database, never through GDial's code.

export const rowsOf = (q: Queryable): Promise<AuditRow[]> => allAuditRows(q);

export async function setHead(q: Queryable, head: AuditHead): Promise<void> {
  await q.run(sql`UPDATE app_meta SET value = ${JSON.stringify({ id: head.id, hash: head.hash })} WHERE key = 'audit.head'`);
}

/** Re-seals rows from `fromId` on with `seal`, relinks them and moves the head. */
export async function reseal(q: Queryable, fromId: number, seal: (canonical: string) => string): Promise<void> {
  const rows = await rowsOf(q);
  let prev = '0'.repeat(64);
  for (const r of rows) {
    if (r.id >= fromId) {
      const hash = seal(JSON.stringify([r.id, r.at, r.actorId, r.actorName, r.action, r.targetType, r.targetId, r.details, prev]));
      await q.run(sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${r.id}`);
      r.hash = hash;
    }
    prev = r.hash;
  }
  await setHead(q, { id: rows.at(-1)!.id, hash: prev });
}

/**
 * Appends `count` rows sealed with the data directory's audit key, many per statement: a long
 * chain as a long-lived installation has, without a round trip per row. Call between start and stop.
 */
export async function seedChain(f: AuditTrailFixture, count: number): Promise<void> {
  const key = keyBytes(new SecretStore(f.dataDir, {}, null).get('auditKey')!);
  await f.store.unit(async (tx) => {
    let head = await readAuditHead(tx);
    for (let done = 0; done < count; ) {
      const batch: AuditRow[] = [];
      for (; batch.length < 500 && done < count; done++) {
        const row = sealNextRow(head, ADMIN, { action: 'sms.sent', details: { i: done } }, key, Date.now());
        batch.push(row);
        head = row;
      }
      const values = sql.join(
        batch.map((r) => sql`(${r.id}, ${r.at}, ${r.actorId}, ${r.actorName}, ${r.action}, ${r.targetType}, ${r.targetId}, ${r.details}, ${r.prevHash}, ${r.hash})`),
        sql`, `,
      );
      await tx.run(sql`INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash) VALUES ${values}`);
    }
    if (head) await setHead(tx, head);
  });
}

export async function maxAuditId(q: Queryable): Promise<number> {
  return (await q.get<{ id: number }>(sql`SELECT MAX(id) AS "id" FROM audit_log`))!.id;
}
