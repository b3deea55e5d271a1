/**
 * The trigger_rules table: which inbound alarm becomes a proposal, from which template. Arrays
 * (severities, urgencies) are stored as JSON text; flags as 0/1. The service reads rows into the
 * contract's shape (rules-service.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/store';

export interface RuleRow {
  id: number;
  name: string;
  enabled: number | boolean;
  position: number;
  sender: string;
  event: string;
  area: string;
  severities: string;
  urgencies: string;
  textMatch: string;
  templateId: number | null;
  launchAtOnce: number | boolean;
  createdAt: number;
  updatedAt: number;
}

/** The columns a create or an update writes, as the table stores them. */
export interface RuleColumns {
  name: string;
  enabled: number;
  position: number;
  sender: string;
  event: string;
  area: string;
  severities: string;
  urgencies: string;
  textMatch: string;
  templateId: number;
  launchAtOnce: number;
}

const COLUMNS = sql.raw(`id, name, enabled, position, sender, event, area, severities, urgencies, text_match AS "textMatch",
  template_id AS "templateId", launch_at_once AS "launchAtOnce", created_at AS "createdAt", updated_at AS "updatedAt"`);

const FIELD_COLUMNS: Record<keyof RuleColumns, string> = {
  name: 'name',
  enabled: 'enabled',
  position: 'position',
  sender: 'sender',
  event: 'event',
  area: 'area',
  severities: 'severities',
  urgencies: 'urgencies',
  textMatch: 'text_match',
  templateId: 'template_id',
  launchAtOnce: 'launch_at_once',
};

/** Every rule in the order they are tried: position, then the older first. */
export function listRules(q: Queryable): Promise<RuleRow[]> {
  return q.all<RuleRow>(sql`SELECT ${COLUMNS} FROM trigger_rules ORDER BY position, id`);
}

export function getRule(q: Queryable, id: number): Promise<RuleRow | undefined> {
  return q.get<RuleRow>(sql`SELECT ${COLUMNS} FROM trigger_rules WHERE id = ${id}`);
}

export async function insertRule(q: Queryable, r: RuleColumns, at: number): Promise<RuleRow> {
  const row = await q.get<RuleRow>(sql`
    INSERT INTO trigger_rules (name, enabled, position, sender, event, area, severities, urgencies, text_match, template_id, launch_at_once, created_at, updated_at)
    VALUES (${r.name}, ${r.enabled}, ${r.position}, ${r.sender}, ${r.event}, ${r.area}, ${r.severities}, ${r.urgencies}, ${r.textMatch},
      ${r.templateId}, ${r.launchAtOnce}, ${at}, ${at})
    RETURNING ${COLUMNS}`);
  if (!row) throw new Error('insertRule: no row');
  return row;
}

/** Sets the columns the patch names (undefined ones are left alone); undefined when there is no such rule. */
export function updateRule(q: Queryable, id: number, patch: Partial<RuleColumns>, at: number): Promise<RuleRow | undefined> {
  const set: SQL[] = [sql`updated_at = ${at}`];
  for (const key of Object.keys(FIELD_COLUMNS) as Array<keyof RuleColumns>) {
    const value = patch[key];
    if (value !== undefined) set.push(sql`${sql.raw(FIELD_COLUMNS[key])} = ${value}`);
  }
  return q.get<RuleRow>(sql`UPDATE trigger_rules SET ${sql.join(set, sql`, `)} WHERE id = ${id} RETURNING ${COLUMNS}`);
}

export function deleteRule(q: Queryable, id: number): Promise<RuleRow | undefined> {
  return q.get<RuleRow>(sql`DELETE FROM trigger_rules WHERE id = ${id} RETURNING ${COLUMNS}`);
}
