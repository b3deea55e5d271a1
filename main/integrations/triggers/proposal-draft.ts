/**
 * The call-out a proposal offers, built by the engine from the rule's template by the very rule a
 * template's one-click "Starta" fills the wizard with (contract `templateDraft`): the template's
 * recipients, channels, policy and burn, its texts and language; the title is the
 * alarm's headline (else its event, else the template's name). An alarm of CAP status Exercise or
 * Test makes a drill (as does a template whose defaults say drill).
 *
 * Null when the operator must choose: a template without defaults or without recipients, a
 * template that no longer exists, or defaults the launch would refuse as a draft.
 */
import { alertDraftSchema, templateDraft, type AlertDraft, type Template } from '../../contract';
import type { InboundAlarm } from './inbound-alarm';

/** Only these statuses are meant to reach people as a drill; System and Draft are never proposed. */
export const isDrillStatus = (status: InboundAlarm['status']) => status === 'Exercise' || status === 'Test';

const TITLE_MAX = 200;

export function proposalDraft(template: Template | null, alarm: Pick<InboundAlarm, 'headline' | 'event' | 'status'>): AlertDraft | null {
  const defaults = template?.alertDefaults;
  if (!template || !defaults) return null;
  if (defaults.groupIds.length === 0 && defaults.contactIds.length === 0) return null;
  const title = (alarm.headline.trim() || alarm.event.trim() || template.name).slice(0, TITLE_MAX);
  const parsed = alertDraftSchema.safeParse(templateDraft(template, { title, drill: isDrillStatus(alarm.status) }));
  return parsed.success ? parsed.data : null;
}

/**
 * Whether a proposal is a drill, as its DTO says it (the console never decides): the draft's own
 * word when there is one, else the alarm's status or the template's defaults, as a draft would.
 */
export function proposalDrill(status: InboundAlarm['status'], draft: AlertDraft | null, template: Template | null): boolean {
  return draft ? draft.drill : isDrillStatus(status) || (template?.alertDefaults?.drill ?? false);
}
