/**
 * Burn messages' rows: when each burn is due, erasing an alert's text with its trail, the audio
 * list, the carrier's redactions, the copies of a text elsewhere — and getting the erased words
 * off the disk, which is the one thing SQLite and PostgreSQL do differently (`reclaimBurnedText`).
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgStore } from '../db/pg-store';
import { SqliteStore } from '../db/sqlite-store';
import { nocaseOrder } from '../db/dialect-sql';
import type { Dialect, Queryable, Store } from '../db/store';

/** app_meta key: a burn happened and its old bytes are not yet off the disk (WAL or dead rows). */
const ERASE_PENDING = 'burn_erase_pending';

/**
 * The tables whose columns a burn blanks: alerts (voice_text, sms_text) and schedules
 * (alert_spec of a spent one-off schedule with the same words, text-elsewhere.ts); and
 * audio_clips, whose rows (the message's synthesised audio) a burn deletes (alert-audio.ts);
 * webhook_outbox, whose payloads lose the text (integrations/outbound/outbox-store.ts).
 */
const BURNED_TABLES = ['alerts', 'schedules', 'audio_clips', 'proposals', 'webhook_outbox'] as const;

const alertIds = (rows: Array<{ alertId: number }>) => rows.map((r) => r.alertId);

// ── when ────────────────────────────────────────────────────────────────────────────────────

/** Sets each unburned 'end' burn's time from its call-out's end (null while it runs). */
export async function timeEndBurns(q: Queryable): Promise<void> {
  // Null while the call-out runs; every ended state sets finished_at (created_at: a fixed fallback).
  const endsAt = sql`(
    SELECT CASE WHEN a.state IN ('completed', 'canceled', 'expired') THEN COALESCE(a.finished_at, a.created_at) + b.burn_minutes * 60000 END
    FROM alerts a WHERE a.id = b.alert_id)`;
  // The write notes the alerts it changes itself (alerts/row-changes.ts): consoles see the burn time.
  await q.run(sql`
    UPDATE burn_messages AS b SET burn_at = ${endsAt}
    WHERE b.burn_after = 'end' AND b.burned_at IS NULL AND b.burn_at IS DISTINCT FROM ${endsAt}`);
}

/** Alerts whose burn is due now (burner.ts says when each kind is due). */
export async function dueBurns(q: Queryable, now: number): Promise<number[]> {
  return alertIds(
    await q.all<{ alertId: number }>(sql`
      SELECT b.alert_id AS "alertId" FROM burn_messages b JOIN alerts a ON a.id = b.alert_id
      WHERE b.burned_at IS NULL AND (
        (b.burn_after = 'time' AND b.burn_at <= ${now})
        OR (b.burn_after = 'end' AND b.burn_at <= ${now} AND a.state IN ('completed', 'canceled', 'expired'))
        OR (b.burn_after = 'delivery' AND a.state IN ('completed', 'canceled', 'expired'))
        OR (b.burn_after = 'confirmation' AND (a.state IN ('completed', 'canceled', 'expired')
            OR NOT EXISTS (SELECT 1 FROM alert_recipients r WHERE r.alert_id = a.id AND r.state = 'pending'))))`),
  );
}

/** Burned alerts whose audio is still listed. */
export async function burnedWithAudioLeft(q: Queryable): Promise<number[]> {
  return alertIds(
    await q.all<{ alertId: number }>(sql`
      SELECT DISTINCT a.alert_id AS "alertId" FROM alert_audio a JOIN burn_messages b ON b.alert_id = a.alert_id WHERE b.burned_at IS NOT NULL`),
  );
}

/** Burned alerts the carrier has not yet redacted. */
export async function unredactedBurns(q: Queryable): Promise<number[]> {
  return alertIds(await q.all<{ alertId: number }>(sql`SELECT alert_id AS "alertId" FROM burn_messages WHERE burned_at IS NOT NULL AND carrier_redacted_at IS NULL`));
}

// ── the burn ────────────────────────────────────────────────────────────────────────────────

export interface AlertToBurn {
  state: string;
  contentSha256: string | null;
  voiceText: string;
  smsText: string;
  burnedAt: number | null;
}

export function alertToBurn(q: Queryable, alertId: number): Promise<AlertToBurn | undefined> {
  return q.get<AlertToBurn>(sql`
    SELECT a.state, a.content_sha256 AS "contentSha256", a.voice_text AS "voiceText", a.sms_text AS "smsText", b.burned_at AS "burnedAt"
    FROM alerts a LEFT JOIN burn_messages b ON b.alert_id = a.id WHERE a.id = ${alertId}`);
}

export async function cancelAlert(tx: Queryable, alertId: number, now: number): Promise<void> {
  await tx.run(sql`UPDATE alerts SET state = 'canceled', finished_at = ${now} WHERE id = ${alertId}`);
}

/**
 * Blanks the alert's texts and records the burn (a burn row is made for an alert burned by hand
 * that had none), and marks the erase as pending until `reclaimBurnedText` has done its part.
 */
export async function eraseAlertText(tx: Queryable, alertId: number, contentSha256: string, by: number | null, now: number): Promise<void> {
  await tx.run(sql`UPDATE alerts SET voice_text = '', sms_text = '' WHERE id = ${alertId}`);
  await tx.run(sql`
    INSERT INTO burn_messages (alert_id, burn_after, burn_at, content_sha256, created_at)
    VALUES (${alertId}, 'time', ${now}, ${contentSha256}, ${now})
    ON CONFLICT (alert_id) DO NOTHING`);
  await tx.run(sql`UPDATE burn_messages SET burned_at = ${now}, burned_by = ${by} WHERE alert_id = ${alertId}`);
  await markErasePending(tx, now);
}

/**
 * Something burned was deleted and its old bytes are still on the disk until `reclaimBurnedText`
 * runs (the next burner round): the text's burn, and a burned alert's audio clips deleted after it.
 */
export async function markErasePending(q: Queryable, now: number): Promise<void> {
  await q.run(sql`
    INSERT INTO app_meta (key, value) VALUES (${ERASE_PENDING}, ${String(now)})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

/**
 * Gets the words a burn erased off the database's disk files, outside any unit. Returns true
 * when nothing is pending any more, false when it must be tried again (next round).
 *
 * - SQLite: secure_delete = ON has zeroed the freed bytes in the pages the burn rewrote; those
 *   pages (and the old ones) are still in the WAL until a checkpoint moves them into the file and
 *   truncates it. A checkpoint gives up while someone reads (a backup, the CLI): not waiting for
 *   the reader (that would freeze the engine), it is tried again each round.
 * - PostgreSQL: an UPDATE leaves the old row version (with the text) in the table's pages until
 *   VACUUM removes it, and VACUUM cannot run inside a transaction (hence outside the unit).
 *   VACUUM alone is not enough: it frees the dead version's space inside its page but does not
 *   overwrite it; the words stay in the table's file until new rows happen to reuse that space
 *   (burn-store.test.ts reads the files and found them there). VACUUM FULL rewrites the table into
 *   a new file that holds only the live rows; the old file is unlinked, its blocks left in the
 *   filesystem's free space like any deleted file. So: a plain VACUUM first, which says whether a
 *   reader could still see the old version (a long transaction, a running pg_dump: then
 *   n_dead_tup stays above 0, VACUUM FULL would copy that version into the new file, and it is
 *   all tried again next round); then VACUUM FULL. VACUUM FULL holds an ACCESS EXCLUSIVE lock
 *   while it rewrites (alerts and schedules are small: one row per alert or schedule; audio_clips
 *   holds every clip's WAV, so its rewrite takes longer and audio fetches wait for it), and it
 *   waits at most LOCK_TIMEOUT for that lock, so a reader holding the table cannot make every
 *   alert query queue behind it; it too is tried again next round. Neither reaches the WAL (the
 *   alert's INSERT stays in WAL segments until they are recycled, and for ever in archived WAL
 *   and base backups for point-in-time recovery) nor pg_dump files: the README says so.
 */
export async function reclaimBurnedText(store: Store): Promise<{ done: boolean; detail?: unknown }> {
  const pending = await store.get<{ value: string }>(sql`SELECT value FROM app_meta WHERE key = ${ERASE_PENDING}`);
  if (!pending) return { done: true };
  const result = store instanceof PgStore ? await vacuumBurnedTables(store) : checkpointWal(store);
  if (result.done) await store.run(sql`DELETE FROM app_meta WHERE key = ${ERASE_PENDING} AND value = ${pending.value}`);
  return result;
}

function checkpointWal(store: Store): { done: boolean; detail?: unknown } {
  if (!(store instanceof SqliteStore)) throw new Error(`reclaimBurnedText: no way to reclaim on ${store.dialect}`);
  const sqlite = store.sqlite;
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  let result: { busy: number; log: number; checkpointed: number } | undefined;
  try {
    [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
  return { done: !!result && result.busy === 0 && result.log === result.checkpointed, detail: { checkpoint: result } };
}

/** How long VACUUM FULL waits for its lock before giving up until the next round. */
const LOCK_TIMEOUT = '1s';

async function vacuumBurnedTables(store: PgStore): Promise<{ done: boolean; detail?: unknown }> {
  for (const table of BURNED_TABLES) await store.run(sql`VACUUM ${sql.identifier(table)}`);
  const dead = await store.all<{ table: string; dead: number }>(sql`
    SELECT relname AS "table", n_dead_tup AS "dead" FROM pg_stat_user_tables
    WHERE relname IN (${sql.join(
      BURNED_TABLES.map((t) => sql`${t}`),
      sql`, `,
    )})`);
  if (!dead.every((d) => d.dead === 0)) return { done: false, detail: { deadRows: dead } };
  // One connection of its own: the lock timeout is a setting of the session.
  const client = await store.pool.connect();
  try {
    await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
    for (const table of BURNED_TABLES) await client.query(`VACUUM FULL ${table}`);
    await client.query('RESET lock_timeout');
    client.release();
  } catch (error) {
    client.release(error as Error); // a session with a changed setting is not pooled again
    if ((error as { code?: string }).code === '55P03') return { done: false, detail: { lockTimeout: LOCK_TIMEOUT } };
    throw error;
  }
  return { done: true };
}

// ── the carrier's copies ────────────────────────────────────────────────────────────────────

/** The alert's texts sent through the carrier that are not yet marked deleted there. */
export function textsToRedact(q: Queryable, alertId: number): Promise<Array<{ id: number; sid: string | null; state: string }>> {
  return q.all(sql`
    SELECT t.id, t.carrier_sid AS "sid", t.state FROM dispatch_attempts t
    WHERE t.alert_id = ${alertId} AND t.channel = 'sms'
      AND NOT EXISTS (SELECT 1 FROM carrier_events e WHERE e.sid = t.carrier_sid AND e.kind = 'burn' AND e.status = 'deleted')`);
}

/** A text deleted at the carrier (a carrier event 'burn'/'deleted', once per SID). */
export async function markTextRedacted(q: Queryable, attemptId: number, sid: string, now: number): Promise<void> {
  await q.run(sql`
    INSERT INTO carrier_events (attempt_id, sid, kind, status, payload, received_at)
    VALUES (${attemptId}, ${sid}, 'burn', 'deleted', '{}', ${now})
    ON CONFLICT DO NOTHING`);
}

export async function markCarrierRedacted(q: Queryable, alertId: number, now: number): Promise<void> {
  await q.run(sql`UPDATE burn_messages SET carrier_redacted_at = ${now} WHERE alert_id = ${alertId}`);
}

// ── audio ───────────────────────────────────────────────────────────────────────────────────

export async function isBurned(q: Queryable, alertId: number): Promise<boolean> {
  return !!(await q.get(sql`SELECT 1 AS "burned" FROM burn_messages WHERE alert_id = ${alertId} AND burned_at IS NOT NULL`));
}

export async function listAudio(q: Queryable, alertId: number, audioId: string, now: number): Promise<void> {
  await q.run(sql`INSERT INTO alert_audio (alert_id, audio_id, created_at) VALUES (${alertId}, ${audioId}, ${now}) ON CONFLICT DO NOTHING`);
}

export async function audioOf(q: Queryable, alertId: number): Promise<string[]> {
  return (await q.all<{ audioId: string }>(sql`SELECT audio_id AS "audioId" FROM alert_audio WHERE alert_id = ${alertId}`)).map((r) => r.audioId);
}

export async function unlistAudio(q: Queryable, alertId: number, audioIds: string[]): Promise<void> {
  if (audioIds.length === 0) return;
  await q.run(sql`DELETE FROM alert_audio WHERE alert_id = ${alertId} AND audio_id IN (${sql.join(
    audioIds.map((id) => sql`${id}`),
    sql`, `,
  )})`);
}

// ── copies of a text elsewhere ──────────────────────────────────────────────────────────────

export interface TextCopies {
  templates: Array<{ id: number; name: string; voiceText: string; smsText: string }>;
  schedules: Array<{ id: number; name: string; kind: 'once' | 'recurring'; nextRunAt: number | null; alertSpec: string }>;
  alerts: Array<{ id: number; title: string; voiceText: string; smsText: string }>;
}

function copyQueries(d: Dialect, exceptAlertId: number | null): { [K in keyof TextCopies]: SQL } {
  return {
    templates: sql`SELECT id, name, voice_text AS "voiceText", sms_text AS "smsText" FROM templates ORDER BY ${nocaseOrder(d, sql`name`)}, id`,
    schedules: sql`SELECT id, name, kind, next_run_at AS "nextRunAt", alert_spec AS "alertSpec" FROM schedules ORDER BY ${nocaseOrder(d, sql`name`)}, id`,
    alerts: sql`SELECT id, title, voice_text AS "voiceText", sms_text AS "smsText" FROM alerts
      WHERE (voice_text <> '' OR sms_text <> '') ${exceptAlertId === null ? sql`` : sql`AND id <> ${exceptAlertId}`} ORDER BY id DESC`,
  };
}

/** Every template, schedule and (other) alert with a text, to compare with a burn message's. */
export async function textCopies(q: Queryable, exceptAlertId: number | null): Promise<TextCopies> {
  const queries = copyQueries(q.dialect, exceptAlertId);
  return {
    templates: await q.all(queries.templates),
    schedules: await q.all(queries.schedules),
    alerts: await q.all(queries.alerts),
  };
}

export async function scheduleSpec(q: Queryable, scheduleId: number): Promise<string | undefined> {
  return (await q.get<{ alertSpec: string }>(sql`SELECT alert_spec AS "alertSpec" FROM schedules WHERE id = ${scheduleId}`))?.alertSpec;
}

export async function setScheduleSpec(q: Queryable, scheduleId: number, alertSpec: string, at: number): Promise<void> {
  await q.run(sql`UPDATE schedules SET alert_spec = ${alertSpec}, updated_at = ${at} WHERE id = ${scheduleId}`);
}

/** The details (JSON) of the alert's latest burn audit entry, or null when it has none. */
export async function burnAuditDetails(q: Queryable, alertId: number): Promise<string | null> {
  const row = await q.get<{ details: string }>(sql`
    SELECT details AS "details" FROM audit_log WHERE action = 'alerts.burn' AND target_type = 'alert' AND target_id = ${String(alertId)}
    ORDER BY id DESC LIMIT 1`);
  return row?.details ?? null;
}
