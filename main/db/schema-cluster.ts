/** The tables several workstations share: who runs and leads (cluster/), and the audio any engine serves. */
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const createdAt = () => integer('created_at').notNull();

// ── several workstations on one database (cluster/) ────────────────────────────────────────
/**
 * Every engine that runs on this database, one row per start: its workstation name, whether it
 * leads or stands by, and when it last said so. On SQLite there is only ever one, the leader.
 */
export const clusterNodes = sqliteTable(
  'cluster_nodes',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ['leader', 'standby', 'stopped'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    seenAt: integer('seen_at').notNull(),
    /** Since when it leads (null while standing by). */
    leadingSince: integer('leading_since'),
  },
  (t) => [index('cluster_nodes_seen_idx').on(t.seenAt)],
);

/**
 * The fencing epoch: one row (id 1), bumped by every engine that takes the lead. A ledger claim
 * names the epoch it was made under, so a leader that has been replaced claims nothing.
 */
export const clusterLeadership = sqliteTable('cluster_leadership', {
  id: integer('id').primaryKey(),
  epoch: integer('epoch').notNull(),
  leaderId: text('leader_id'),
  leaderName: text('leader_name'),
  since: integer('since').notNull(),
});

/**
 * Synthesised audio kept in the database, so a carrier may fetch it from any engine of a
 * cluster (the file cache on each machine is filled from here). Erased with its alert's burn.
 */
export const audioClips = sqliteTable('audio_clips', {
  id: text('id').primaryKey(),
  wav: blob('wav', { mode: 'buffer' }).notNull(),
  durationMs: integer('duration_ms').notNull(),
  createdAt: createdAt(),
});
