/** The settings table: one JSON value per key, validated by the service on read and write. */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/store';

export interface StoredSetting {
  key: string;
  value: string;
}

export function storedSettings(q: Queryable): Promise<StoredSetting[]> {
  return q.all<StoredSetting>(sql`SELECT key, value FROM settings`);
}

export async function putSetting(q: Queryable, key: string, value: string, at: number, by: number | null): Promise<void> {
  await q.run(sql`
    INSERT INTO settings (key, value, updated_at, updated_by) VALUES (${key}, ${value}, ${at}, ${by})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
}
