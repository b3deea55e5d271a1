/**
 * The call-out a proposal offers, built by the engine from the rule's template the way a
 * template's one-click "Starta" fills the wizard (renderer wizard-draft.ts `fromTemplate`): the
 * template's recipients, channels, policy and burn, its texts and language; the title is the
 * alarm's headline (else its event, else the template's name). An alarm of CAP status Exercise or
 * Test makes a drill (as does a template whose defaults say drill).
 *
 * Null when the operator must choose: a template without defaults or without recipients, a
 * template that no longer exists, or defaults the launch would refuse as a draft.
 */
import { alertDraftSchema, type AlertDraft, type Template } from '../../contract';
import type { InboundAlarm } from './inbound-alarm';

/** Only these statuses are meant to reach people as a drill; System and Draft are never proposed. */
export const isDrillStatus = (status: InboundAlarm['status']) => status === 'Exercise' || status === 'Test';

const TITLE_MAX = 200;

export function proposalDraft(template: Template | null, alarm: Pick<InboundAlarm, 'headline' | 'event' | 'status'>): AlertDraft | null {
  const defaults = template?.alertDefaults;
  if (!template || !defaults) return null;
  if (defaults.groupIds.length === 0 && defaults.contactIds.length === 0) return null;
  const title = (alarm.headline.trim() || alarm.event.trim() || template.name).slice(0, TITLE_MAX);
  const parsed = alertDraftSchema.safeParse({
    title,
    // A burn message is written for itself: its texts travel in the draft, not tied to the
    // template (the launch refuses a burn with a templateId; the template's words would outlive it).
    ...(defaults.burn ? {} : { templateId: template.id }),
    voiceText: defaults.channels.includes('voice') ? template.voiceText : '',
    smsText: defaults.channels.includes('sms') ? template.smsText : '',
    language: template.language,
    channels: defaults.channels,
    groupIds: defaults.groupIds,
    contactIds: defaults.contactIds,
    policy: defaults.policy,
    drill: defaults.drill || isDrillStatus(alarm.status),
    burn: defaults.burn,
  });
  return parsed.success ? parsed.data : null;
}
