/** Message templates: what a recipient hears and reads, and what a one-click "Starta" launches. */
import { asc, eq } from 'drizzle-orm';
import { templateAlertDefaultsSchema } from '../contract';
import type { ParsedInput, Template, TemplateAlertDefaults } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { templates } from '../db/schema';
import { inTransaction, iso, now } from '../db/tx';
import { AppError, nameTaken, notFound } from '../errors';

type Row = typeof templates.$inferSelect;

/** One key cannot both confirm and decline: the call could not tell the answers apart. */
function checkKeys(r: Row): void {
  if (r.confirmDigit === r.declineDigit) {
    // No field message: the console says it by the code, in its own language.
    throw new AppError('validation', 'The keys to confirm and to decline must differ', { code: 'templates.same_keys' });
  }
}

/**
 * The stored defaults, checked on read. Defaults this version cannot read (a newer GDial wrote
 * them, or the JSON was damaged) make the template message-only rather than launch something
 * nobody chose: its "Starta" disappears until an operator saves the defaults again.
 */
export function alertDefaultsOf(json: string | null): TemplateAlertDefaults | null {
  if (json === null) return null;
  try {
    const parsed = templateAlertDefaultsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const toDto = (r: Row): Template => ({
  ...r,
  alertDefaults: alertDefaultsOf(r.alertDefaults),
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

/** The input's defaults as the column stores them; undefined (a patch without them) leaves the column alone. */
function defaultsColumn(defaults: TemplateAlertDefaults | null | undefined): string | null | undefined {
  return defaults === undefined ? undefined : defaults === null ? null : JSON.stringify(defaults);
}

export class TemplatesService {
  constructor(private readonly db: Db) {}

  list(): Template[] {
    return this.db.select().from(templates).orderBy(asc(templates.name)).all().map(toDto);
  }

  create(input: ParsedInput<'templates.create'>, actor: Actor): Template {
    try {
      return inTransaction(this.db, () => {
        const at = now();
        const values = { ...input, alertDefaults: defaultsColumn(input.alertDefaults) ?? null, createdAt: at, updatedAt: at };
        const row = this.db.insert(templates).values(values).returning().get();
        checkKeys(row); // throwing rolls the insert back
        appendAudit(this.db, actor, { action: 'templates.create', target: { type: 'template', id: row.id }, details: { name: row.name } });
        return toDto(row);
      });
    } catch (error) {
      return nameTaken(error, 'template', input.name);
    }
  }

  update(input: ParsedInput<'templates.update'>, actor: Actor): Template {
    const { id, alertDefaults, ...patch } = input;
    try {
      return inTransaction(this.db, () => {
        const set = { ...patch, alertDefaults: defaultsColumn(alertDefaults), updatedAt: now() };
        const row = this.db.update(templates).set(set).where(eq(templates.id, id)).returning().get();
        if (!row) throw notFound('template', id);
        checkKeys(row);
        appendAudit(this.db, actor, { action: 'templates.update', target: { type: 'template', id }, details: { fields: Object.keys(input).filter((k) => k !== 'id') } });
        return toDto(row);
      });
    } catch (error) {
      return nameTaken(error, 'template', patch.name);
    }
  }

  delete(id: number, actor: Actor): void {
    inTransaction(this.db, () => {
      const row = this.db.delete(templates).where(eq(templates.id, id)).returning().get();
      if (!row) throw notFound('template', id);
      appendAudit(this.db, actor, { action: 'templates.delete', target: { type: 'template', id }, details: { name: row.name } });
    });
  }
}
