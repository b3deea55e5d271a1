/** Message templates: what a recipient hears and reads, and what a one-click "Starta" launches. */
import { templateAlertDefaultsSchema } from '../contract';
import type { ParsedInput, Template, TemplateAlertDefaults } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import type { Queryable, Store } from '../db/store';
import { iso, now } from '../db/tx';
import { AppError, nameTaken, notFound } from '../errors';
import { deleteTemplate, insertTemplate, listTemplates, templateNameTaken, updateTemplate, type TemplateRow as Row } from './templates-store';

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

/**
 * Refuses a name another template has (as its case-blind unique index compares): checked inside
 * the unit, so the statement that would break the index is never sent (on PostgreSQL a failed
 * statement spoils the whole transaction).
 */
async function assertNameFree(q: Queryable, name: string | undefined, exceptId?: number): Promise<void> {
  if (name !== undefined && (await templateNameTaken(q, name, exceptId))) {
    // The same conflict nameTaken makes of the index's refusal.
    throw new AppError('conflict', `A template named "${name}" already exists`, {
      code: 'templates.name_taken',
      fields: [{ path: 'name', message: 'taken' }],
    });
  }
}

export class TemplatesService {
  constructor(
    private readonly store: Store,
  ) {}

  async list(): Promise<Template[]> {
    return (await listTemplates(this.store)).map(toDto);
  }

  async create(input: ParsedInput<'templates.create'>, actor: Actor): Promise<Template> {
    try {
      return await this.store.unit(async (tx) => {
        await assertNameFree(tx, input.name);
        const row = await insertTemplate(tx, { ...input, alertDefaults: defaultsColumn(input.alertDefaults) ?? null }, now());
        checkKeys(row); // throwing rolls the insert back
          await recordAudit(tx, actor, { action: 'templates.create', target: { type: 'template', id: row.id }, details: { name: row.name } });
        return toDto(row);
      });
    } catch (error) {
      return nameTaken(error, 'template', input.name);
    }
  }

  async update(input: ParsedInput<'templates.update'>, actor: Actor): Promise<Template> {
    const { id, alertDefaults, ...patch } = input;
    try {
      return await this.store.unit(async (tx) => {
        await assertNameFree(tx, patch.name, id);
        const row = await updateTemplate(tx, id, { ...patch, alertDefaults: defaultsColumn(alertDefaults) }, now());
        if (!row) throw notFound('template', id);
        checkKeys(row);
          await recordAudit(tx, actor, { action: 'templates.update', target: { type: 'template', id }, details: { fields: Object.keys(input).filter((k) => k !== 'id') } });
        return toDto(row);
      });
    } catch (error) {
      return nameTaken(error, 'template', patch.name);
    }
  }

  async delete(id: number, actor: Actor): Promise<void> {
    await this.store.unit(async (tx) => {
      const row = await deleteTemplate(tx, id);
      if (!row) throw notFound('template', id);
      await recordAudit(tx, actor, { action: 'templates.delete', target: { type: 'template', id }, details: { name: row.name } });
    });
  }
}
