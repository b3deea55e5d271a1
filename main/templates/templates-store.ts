/** The templates table. `alertDefaults` is the stored JSON text; the service reads it. */
import { sql, type SQL } from 'drizzle-orm';
import { binaryText, caseBlindEquals } from '../db/dialect-sql';
import type { Queryable } from '../db/store';

export interface TemplateRow {
  id: number;
  name: string;
  voiceText: string;
  smsText: string;
  language: 'sv' | 'en';
  confirmDigit: string;
  declineDigit: string;
  alertDefaults: string | null;
  createdAt: number;
  updatedAt: number;
}

export type TemplateFields = Omit<TemplateRow, 'id' | 'createdAt' | 'updatedAt'>;

const COLUMNS = sql.raw(`id, name, voice_text AS "voiceText", sms_text AS "smsText", language, confirm_digit AS "confirmDigit",
  decline_digit AS "declineDigit", alert_defaults AS "alertDefaults", created_at AS "createdAt", updated_at AS "updatedAt"`);

const FIELD_COLUMNS: Record<keyof TemplateFields, string> = {
  name: 'name',
  voiceText: 'voice_text',
  smsText: 'sms_text',
  language: 'language',
  confirmDigit: 'confirm_digit',
  declineDigit: 'decline_digit',
  alertDefaults: 'alert_defaults',
};

export function listTemplates(q: Queryable): Promise<TemplateRow[]> {
  return q.all<TemplateRow>(sql`SELECT ${COLUMNS} FROM templates ORDER BY ${binaryText(q.dialect, sql`name`)}`);
}

/** Whether another template has this name as the case-blind unique index compares names. */
export async function templateNameTaken(q: Queryable, name: string, exceptId?: number): Promise<boolean> {
  const same = caseBlindEquals(q.dialect, sql`name`, name);
  const row = await q.get<{ id: number }>(
    exceptId === undefined ? sql`SELECT id FROM templates WHERE ${same}` : sql`SELECT id FROM templates WHERE ${same} AND id <> ${exceptId}`,
  );
  return row !== undefined;
}

export async function insertTemplate(q: Queryable, t: TemplateFields, at: number): Promise<TemplateRow> {
  const row = await q.get<TemplateRow>(sql`
    INSERT INTO templates (name, voice_text, sms_text, language, confirm_digit, decline_digit, alert_defaults, created_at, updated_at)
    VALUES (${t.name}, ${t.voiceText}, ${t.smsText}, ${t.language}, ${t.confirmDigit}, ${t.declineDigit}, ${t.alertDefaults}, ${at}, ${at})
    RETURNING ${COLUMNS}`);
  if (!row) throw new Error('insertTemplate: no row');
  return row;
}

/** Sets the fields the patch names (undefined ones are left alone); undefined when there is no such template. */
export function updateTemplate(q: Queryable, id: number, patch: Partial<TemplateFields>, at: number): Promise<TemplateRow | undefined> {
  const set: SQL[] = [sql`updated_at = ${at}`];
  for (const key of Object.keys(FIELD_COLUMNS) as Array<keyof TemplateFields>) {
    const value = patch[key];
    if (value !== undefined) set.push(sql`${sql.raw(FIELD_COLUMNS[key])} = ${value}`);
  }
  return q.get<TemplateRow>(sql`UPDATE templates SET ${sql.join(set, sql`, `)} WHERE id = ${id} RETURNING ${COLUMNS}`);
}

export function deleteTemplate(q: Queryable, id: number): Promise<TemplateRow | undefined> {
  return q.get<TemplateRow>(sql`DELETE FROM templates WHERE id = ${id} RETURNING ${COLUMNS}`);
}
