/** The tables several workstations share: who runs and leads (cluster/), and the audio any engine serves. */
import { bigint, customType, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

const createdAt = () => bigint('created_at', { mode: 'number' }).notNull();
/** Bytes (SQLite's BLOB): drizzle's pg-core has no bytea column of its own. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

// ── several workstations on one database (cluster/) ────────────────────────────────────────
/**
 * Every engine that runs on this database, one row per start: its workstation name, whether it
 * leads or stands by, and when it last said so. On SQLite there is only ever one, the leader.
 */
export const clusterNodes = pgTable(
  'cluster_nodes',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ['leader', 'standby', 'stopped'] }).notNull(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    seenAt: bigint('seen_at', { mode: 'number' }).notNull(),
    /** Since when it leads (null while standing by). */
    leadingSince: bigint('leading_since', { mode: 'number' }),
  },
  (t) => [index('cluster_nodes_seen_idx').on(t.seenAt)],
);

/**
 * The fencing epoch: one row (id 1), bumped by every engine that takes the lead. A ledger claim
 * names the epoch it was made under, so a leader that has been replaced claims nothing.
 */
export const clusterLeadership = pgTable('cluster_leadership', {
  id: integer('id').primaryKey(),
  epoch: bigint('epoch', { mode: 'number' }).notNull(),
  leaderId: text('leader_id'),
  leaderName: text('leader_name'),
  since: bigint('since', { mode: 'number' }).notNull(),
});

/**
 * Synthesised audio kept in the database, so a carrier may fetch it from any engine of a
 * cluster (the file cache on each machine is filled from here). Erased with its alert's burn.
 */
export const audioClips = pgTable('audio_clips', {
  id: text('id').primaryKey(),
  wav: bytea('wav').notNull(),
  durationMs: integer('duration_ms').notNull(),
  createdAt: createdAt(),
});
