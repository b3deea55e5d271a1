/**
 * Trigger rules, edited by operators in the console (Regler för inkommande larm): created,
 * changed and deleted with an audit entry each, as templates are. A rule must name a template
 * that exists when it is saved; a template deleted later leaves the rule proposing without a draft.
 */
import type { z } from 'zod';
import { capSeveritySchema, capUrgencySchema, type ParsedInput, type TriggerRule } from '../../contract';
import { recordAudit, type Actor } from '../../audit/audit-log';
import type { Store } from '../../db/store';
import { iso } from '../../db/tx';
import { AppError, notFound } from '../../errors';
import type { TemplatesService } from '../../templates/templates-service';
import { deleteRule, insertRule, listRules, updateRule, type RuleColumns, type RuleRow } from './rules-store';

/** Stored arrays read back leniently: a value this version does not know is dropped, not fatal. */
function valuesOf<T extends z.ZodType>(json: string, schema: T): Array<z.infer<T>> {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((v) => schema.safeParse(v).success) : [];
  } catch {
    return [];
  }
}

export const toRule = (r: RuleRow): TriggerRule => ({
  id: r.id,
  name: r.name,
  enabled: Boolean(r.enabled),
  position: r.position,
  sender: r.sender,
  event: r.event,
  area: r.area,
  severities: valuesOf(r.severities, capSeveritySchema),
  urgencies: valuesOf(r.urgencies, capUrgencySchema),
  textMatch: r.textMatch,
  // The column may be null for a rule written by hand; 0 is no template (never matches one).
  templateId: r.templateId ?? 0,
  launchAtOnce: Boolean(r.launchAtOnce),
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

type RuleFields = ParsedInput<'triggers.createRule'>;

/** The contract's fields as the table's columns; undefined stays undefined (a patch leaves it alone). */
function columnsOf(f: Partial<RuleFields>): Partial<RuleColumns> {
  const flag = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0);
  const json = (a: readonly string[] | undefined) => (a === undefined ? undefined : JSON.stringify([...new Set(a)]));
  return {
    name: f.name,
    enabled: flag(f.enabled),
    position: f.position,
    sender: f.sender,
    event: f.event,
    area: f.area,
    severities: json(f.severities),
    urgencies: json(f.urgencies),
    textMatch: f.textMatch,
    templateId: f.templateId,
    launchAtOnce: flag(f.launchAtOnce),
  };
}

/**
 * Checked before the unit (templates are read through their service): a template deleted in
 * between leaves a rule that proposes without a draft, as any later deletion does.
 */
async function assertTemplate(templates: TemplatesService, templateId: number | undefined): Promise<void> {
  if (templateId === undefined || (await templates.list()).some((t) => t.id === templateId)) return;
  throw new AppError('validation', `Template ${templateId} does not exist`, {
    code: 'triggers.unknown_template',
    params: { templateId },
    fields: [{ path: 'templateId', message: 'no such template' }],
  });
}

export class RulesService {
  constructor(
    private readonly store: Store,
    private readonly templates: TemplatesService,
  ) {}

  async list(): Promise<TriggerRule[]> {
    return (await listRules(this.store)).map(toRule);
  }

  async create(input: RuleFields, actor: Actor, at = Date.now()): Promise<TriggerRule> {
    await assertTemplate(this.templates, input.templateId);
    return this.store.unit(async (tx) => {
      const row = await insertRule(tx, columnsOf(input) as RuleColumns, at);
      await recordAudit(tx, actor, { action: 'triggers.createRule', target: { type: 'trigger_rule', id: row.id }, details: { name: row.name, templateId: input.templateId, launchAtOnce: input.launchAtOnce } });
      return toRule(row);
    });
  }

  async update(input: ParsedInput<'triggers.updateRule'>, actor: Actor, at = Date.now()): Promise<TriggerRule> {
    const { id, ...patch } = input;
    await assertTemplate(this.templates, patch.templateId);
    return this.store.unit(async (tx) => {
      const row = await updateRule(tx, id, columnsOf(patch), at);
      if (!row) throw notFound('trigger rule', id);
      await recordAudit(tx, actor, { action: 'triggers.updateRule', target: { type: 'trigger_rule', id }, details: { fields: Object.keys(patch), ...(patch.launchAtOnce !== undefined ? { launchAtOnce: patch.launchAtOnce } : {}) } });
      return toRule(row);
    });
  }

  delete(id: number, actor: Actor): Promise<void> {
    return this.store.unit(async (tx) => {
      const row = await deleteRule(tx, id);
      if (!row) throw notFound('trigger rule', id);
      await recordAudit(tx, actor, { action: 'triggers.deleteRule', target: { type: 'trigger_rule', id }, details: { name: row.name } });
    });
  }
}
