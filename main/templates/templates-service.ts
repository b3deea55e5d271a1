/** Message templates: what a recipient hears and reads, reused across alerts. */
import { asc, eq } from 'drizzle-orm';
import type { ParsedInput, Template } from '../contract';
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

const toDto = (r: Row): Template => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

export class TemplatesService {
  constructor(private readonly db: Db) {}

  list(): Template[] {
    return this.db.select().from(templates).orderBy(asc(templates.name)).all().map(toDto);
  }

  create(input: ParsedInput<'templates.create'>, actor: Actor): Template {
    try {
      return inTransaction(this.db, () => {
        const at = now();
        const row = this.db.insert(templates).values({ ...input, createdAt: at, updatedAt: at }).returning().get();
        checkKeys(row); // throwing rolls the insert back
        appendAudit(this.db, actor, { action: 'templates.create', target: { type: 'template', id: row.id }, details: { name: row.name } });
        return toDto(row);
      });
    } catch (error) {
      return nameTaken(error, 'template', input.name);
    }
  }

  update(input: ParsedInput<'templates.update'>, actor: Actor): Template {
    const { id, ...patch } = input;
    try {
      return inTransaction(this.db, () => {
        const row = this.db.update(templates).set({ ...patch, updatedAt: now() }).where(eq(templates.id, id)).returning().get();
        if (!row) throw notFound('template', id);
        checkKeys(row);
        appendAudit(this.db, actor, { action: 'templates.update', target: { type: 'template', id }, details: { fields: Object.keys(patch) } });
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
