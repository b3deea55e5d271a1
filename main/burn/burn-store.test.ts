/**
 * The burn on each backend, without an engine: the words leave every live row and the disk files
 * (SQLite: secure_delete and a truncated WAL; PostgreSQL: VACUUM of the tables the burn wrote),
 * the trail stays, and a reader that still sees the old rows keeps the erase pending until it is
 * gone.
 */
import { sql } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit/audit-log';
import type { Store } from '../db/store';
import type { Carriers } from '../dispatch/carriers';
import { silentLogger } from '../log';
import { testBackends, type OpenedTestStore, type TestBackend } from '../test-support/backends';
import { openStaleReader } from '../test-support/stale-reader';
import { Burner } from './burner';
import { BLANKED_TEXT } from './text-elsewhere';

const SECRET = 'Hemligt larm Zebra4711 vid norra porten';
const WORD = 'Zebra4711';

/** Every text column of every table holding the word, by SQL (live rows only). */
async function rowsWithWord(store: Store): Promise<string[]> {
  const columns =
    store.dialect === 'postgres'
      ? await store.all<{ t: string; c: string }>(sql`
          SELECT table_name AS "t", column_name AS "c" FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'text'`)
      : (await store.all<{ t: string; c: string; type: string }>(sql`
          SELECT m.name AS "t", p.name AS "c", p.type AS "type" FROM sqlite_master m, pragma_table_info(m.name) p
          WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__drizzle%'`)).filter((x) => x.type.toUpperCase() === 'TEXT');
  expect(columns.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const { t, c } of columns) {
    const hit = await store.get(sql`SELECT 1 AS "hit" FROM ${sql.identifier(t)} WHERE ${sql.identifier(c)} LIKE ${`%${WORD}%`} LIMIT 1`);
    if (hit) found.push(`${t}.${c}`);
  }
  return found;
}

/** The bytes of the database on disk: SQLite's file and WAL; PostgreSQL's files of alerts and schedules (after a checkpoint). */
async function diskHasWord(backend: TestBackend, opened: OpenedTestStore): Promise<boolean> {
  if (backend.name === 'sqlite') {
    const files = ['gdial.db', 'gdial.db-wal'].map((f) => path.join(opened.where, f)).filter((f) => existsSync(f));
    return Buffer.concat(files.map((f) => readFileSync(f))).includes(Buffer.from(WORD));
  }
  await opened.store.run(sql`CHECKPOINT`);
  const files = await opened.store.all<{ bytes: Buffer }>(sql`
    SELECT pg_read_binary_file(pg_relation_filepath(c.oid)) AS "bytes" FROM pg_class c WHERE c.relname IN ('alerts', 'schedules')`);
  expect(files).toHaveLength(2);
  return files.some((f) => f.bytes.includes(Buffer.from(WORD)));
}

describe.each(testBackends())('a burn on $name', (backend) => {
  let opened: OpenedTestStore;
  let store: Store;
  let burner: Burner;
  const redacted: string[] = [];

  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
    redacted.length = 0;
    const carrier = {
      redactMessage: async (sid: string) => void redacted.push(`redact ${sid}`),
      deleteMessage: async (sid: string) => void redacted.push(`delete ${sid}`),
    };
    burner = new Burner({
      store,
      outcomes: {
        stopAlert: () => {
          throw new Error('only ended alerts here');
        },
      },
      carriers: { forDrill: () => carrier, forAlert: async () => carrier, all: () => [carrier] } as unknown as Carriers,
      forgetInMemory: async () => null,
      eraseAudio: () => undefined,
      endCalls: () => undefined,
      log: silentLogger(),
    });
  });
  afterEach(() => opened.close());

  /** An ended alert that said SECRET (voice and SMS), to be burned after delivery; one SMS sent. */
  async function endedBurnAlert(launchKey: string, burn: { after: string; minutes?: number; burnAt?: number | null } = { after: 'delivery' }, finishedAt = 1_000) {
    const alert = await store.get<{ id: number }>(sql`
      INSERT INTO alerts (launch_key, title, state, channels, policy, voice_text, sms_text, content_sha256, created_at, finished_at)
      VALUES (${launchKey}, 'Larm', 'completed', '["voice","sms"]', '{}', ${SECRET}, ${SECRET}, 'abc', 1, ${finishedAt}) RETURNING id`);
    const id = alert!.id;
    await store.run(sql`
      INSERT INTO burn_messages (alert_id, burn_after, burn_at, burn_minutes, content_sha256, created_at)
      VALUES (${id}, ${burn.after}, ${burn.burnAt ?? null}, ${burn.minutes ?? null}, 'abc', 1)`);
    return id;
  }

  it('erases the words from every live row and from the disk; the trail and the audit entry stay; a spent schedule copy is blanked', async () => {
    const id = await endedBurnAlert('burn-1');
    const recipient = await store.get<{ id: number }>(sql`
      INSERT INTO alert_recipients (alert_id, name, state) VALUES (${id}, 'Anna', 'confirmed') RETURNING id`);
    await store.run(sql`
      INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, state, carrier_sid, not_before, queued_at, updated_at)
      VALUES (${id}, ${recipient!.id}, 'sms', 'alert', '+46700000001', 'delivered', 'SM1', 1, 1, 1)`);
    const spent = await store.get<{ id: number }>(sql`
      INSERT INTO schedules (name, kind, run_at, time_zone, alert_spec, missed_policy, paused, next_run_at, created_at, updated_at)
      VALUES ('Redan körd', 'once', 5, 'Europe/Stockholm', ${JSON.stringify({ title: 'x', voiceText: `${SECRET}\n`, smsText: '' })}, 'skip', 0, NULL, 1, 1)
      RETURNING id`);
    expect(await rowsWithWord(store)).toEqual(expect.arrayContaining(['alerts.voice_text', 'alerts.sms_text', 'schedules.alert_spec']));
    expect(await diskHasWord(backend, opened)).toBe(true);

    await burner.tick();

    expect(await rowsWithWord(store)).toEqual([]);
    expect(await diskHasWord(backend, opened)).toBe(false);
    expect(await store.get(sql`SELECT voice_text, sms_text, state FROM alerts WHERE id = ${id}`)).toEqual({ voice_text: '', sms_text: '', state: 'completed' });
    const trail = await store.get<{ burned_at: number | null; content_sha256: string; carrier_redacted_at: number | null }>(
      sql`SELECT burned_at, content_sha256, carrier_redacted_at FROM burn_messages WHERE alert_id = ${id}`,
    );
    expect(trail).toMatchObject({ content_sha256: 'abc', burned_at: expect.any(Number), carrier_redacted_at: expect.any(Number) });
    expect(redacted).toEqual(['redact SM1', 'delete SM1']);
    const spec = await store.get<{ alert_spec: string }>(sql`SELECT alert_spec FROM schedules WHERE id = ${spent!.id}`);
    expect(JSON.parse(spec!.alert_spec)).toMatchObject({ voiceText: BLANKED_TEXT, smsText: '' });
    const audit = await store.all<{ details: string }>(sql`SELECT details FROM audit_log WHERE action = 'alerts.burn'`);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ textElsewhere: [{ kind: 'schedule', id: spent!.id, name: 'Redan körd', action: 'blanked' }] });
    expect(await store.get(sql`SELECT value FROM app_meta WHERE key = 'burn_erase_pending'`)).toBeUndefined();
    if (backend.name === 'postgres') {
      // VACUUM ran on the tables the burn wrote, and left no dead row version behind.
      const stats = await store.all<{ table: string; vacuumed: boolean; dead: number }>(sql`
        SELECT relname AS "table", last_vacuum IS NOT NULL AS "vacuumed", n_dead_tup AS "dead" FROM pg_stat_user_tables
        WHERE relname IN ('alerts', 'schedules') ORDER BY relname`);
      expect(stats).toEqual([
        { table: 'alerts', vacuumed: true, dead: 0 },
        { table: 'schedules', vacuumed: true, dead: 0 },
      ]);
    }
    await expect(burner.burn(id, SYSTEM_ACTOR)).rejects.toThrow(/already burned/);
  });

  it('keeps the erase pending while a reader still sees the old rows, and finishes it once the reader is gone', async () => {
    const id = await endedBurnAlert('burn-reader');
    const release = await openStaleReader(backend.name === 'sqlite' ? { sqliteFile: path.join(opened.where, 'gdial.db') } : { databaseUrl: opened.where });
    try {
      await burner.tick();
      expect(await store.get(sql`SELECT voice_text FROM alerts WHERE id = ${id}`)).toEqual({ voice_text: '' });
      expect(await store.get(sql`SELECT value FROM app_meta WHERE key = 'burn_erase_pending'`)).toBeDefined();
    } finally {
      await release();
    }
    await burner.tick();
    expect(await store.get(sql`SELECT value FROM app_meta WHERE key = 'burn_erase_pending'`)).toBeUndefined();
    expect(await diskHasWord(backend, opened)).toBe(false);
  });

  it("sets an 'end' burn's time from the call-out's end and burns when it has come, not before", async () => {
    const ended = Date.now() - 10 * 60_000;
    const due = await endedBurnAlert('burn-end-due', { after: 'end', minutes: 5 }, ended);
    const later = await endedBurnAlert('burn-end-later', { after: 'end', minutes: 60, burnAt: 7 }, ended);
    await burner.tick();
    const rows = await store.all<{ alert_id: number; burn_at: number | null; burned: boolean }>(sql`
      SELECT alert_id, burn_at, burned_at IS NOT NULL AS "burned" FROM burn_messages ORDER BY alert_id`);
    expect(rows.map((r) => [r.alert_id, r.burn_at, Boolean(r.burned)])).toEqual([
      [due, ended + 5 * 60_000, true],
      [later, ended + 60 * 60_000, false],
    ]);
  });
});
