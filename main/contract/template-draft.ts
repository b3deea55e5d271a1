/**
 * A template's one-click call-out, the one rule both sides use: the console's "Starta" on a
 * template (renderer wizard-draft.ts `fromTemplate`) and the engine's draft for a proposal
 * (integrations/triggers/proposal-draft.ts). Pure, so the console and the engine cannot drift.
 */
import type { AlertDraft } from './alerts';
import { escalationPolicySchema } from './alerts';
import type { Template } from './templates';

export interface TemplateDraftOptions {
  title: string;
  /** The occasion's own word that this is a drill (a CAP Exercise/Test alarm); the template's defaults may say so too. */
  drill?: boolean;
}

/**
 * The template's texts and language, and everything its defaults say (recipients, channels,
 * policy, burn, drill); a message-only template leaves those as a new alert's. A channel not
 * chosen carries no text. Recipients may be empty: the caller asks (the launch refuses none).
 */
export function templateDraft(template: Template, opts: TemplateDraftOptions): AlertDraft {
  const d = template.alertDefaults;
  const channels = d?.channels ?? ['voice', 'sms'];
  const burn = d?.burn ?? null;
  return {
    title: opts.title,
    // A burn message is written for itself: its texts travel in the draft, not tied to the
    // template (the launch refuses a burn with a templateId; the template's words would outlive it).
    ...(burn ? {} : { templateId: template.id }),
    voiceText: channels.includes('voice') ? template.voiceText : '',
    smsText: channels.includes('sms') ? template.smsText : '',
    language: template.language,
    channels,
    groupIds: d?.groupIds ?? [],
    contactIds: d?.contactIds ?? [],
    policy: d?.policy ?? escalationPolicySchema.parse({}),
    drill: (d?.drill ?? false) || (opts.drill ?? false),
    burn,
  };
}
