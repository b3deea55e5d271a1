/** What the wizard collects, and the contract draft it becomes. */
import { escalationPolicySchema, templateDraft } from '@contract';
import type { AlertDraft, BurnPolicy, Channel, EscalationPolicy, Language, MethodInput, Template } from '@contract';

export type AlertDraftInput = MethodInput<'alerts.preflight'>['draft'];

export interface PickedContact {
  id: number;
  name: string;
  /** Organisation and first number, to tell namesakes apart. */
  detail: string;
}

export interface WizardDraft {
  templateId: number | null;
  title: string;
  voiceText: string;
  smsText: string;
  language: Language;
  groupIds: number[];
  contacts: PickedContact[];
  channels: Channel[];
  policy: EscalationPolicy;
  drill: boolean;
  /** A burn message: its text is erased after a time, once delivered or once answered. */
  burn: BurnPolicy | null;
}

export type ChannelChoice = 'voice' | 'sms' | 'both';

/** The contract's own defaults, so the wizard shows exactly what the engine would use. */
export const defaultPolicy = (): EscalationPolicy => escalationPolicySchema.parse({});

export function emptyDraft(language: Language): WizardDraft {
  return {
    templateId: null,
    title: '',
    voiceText: '',
    smsText: '',
    language,
    groupIds: [],
    contacts: [],
    channels: ['voice', 'sms'],
    policy: defaultPolicy(),
    drill: false,
    burn: null,
  };
}

/** A template replaces the texts and language; the title follows unless the operator wrote one. */
export function withTemplate(draft: WizardDraft, template: Template | null): WizardDraft {
  if (!template) return { ...draft, templateId: null };
  return {
    ...draft,
    templateId: template.id,
    title: draft.title.trim() ? draft.title : template.name,
    voiceText: template.voiceText,
    smsText: template.smsText,
    language: template.language,
  };
}

export function channelChoice(channels: Channel[]): ChannelChoice {
  if (channels.includes('voice') && channels.includes('sms')) return 'both';
  return channels.includes('sms') ? 'sms' : 'voice';
}

export function channelsOf(choice: ChannelChoice): Channel[] {
  return choice === 'both' ? ['voice', 'sms'] : [choice];
}

export type MessageProblem = 'title' | 'text';
export type ChannelProblem = 'voiceText' | 'smsText';

export function messageProblems(d: WizardDraft): MessageProblem[] {
  const problems: MessageProblem[] = [];
  if (!d.title.trim()) problems.push('title');
  if (!d.voiceText.trim() && !d.smsText.trim()) problems.push('text');
  return problems;
}

/** A channel needs its text: the engine refuses a voice alert with nothing to say. */
export function channelProblems(d: WizardDraft): ChannelProblem[] {
  const problems: ChannelProblem[] = [];
  if (d.channels.includes('voice') && !d.voiceText.trim()) problems.push('voiceText');
  if (d.channels.includes('sms') && !d.smsText.trim()) problems.push('smsText');
  return problems;
}

export function hasRecipients(d: WizardDraft): boolean {
  return d.groupIds.length > 0 || d.contacts.length > 0;
}

export function toAlertDraft(d: WizardDraft): AlertDraftInput {
  return {
    title: d.title.trim(),
    // A burn message is written for itself (the engine refuses one tied to a template, whose words
    // would outlive it): its texts, copied from the template, travel in the draft alone.
    ...(d.templateId !== null && !d.burn ? { templateId: d.templateId } : {}),
    voiceText: d.channels.includes('voice') ? d.voiceText.trim() : '',
    smsText: d.channels.includes('sms') ? d.smsText.trim() : '',
    language: d.language,
    channels: d.channels,
    groupIds: d.groupIds,
    contactIds: d.contacts.map((c) => c.id),
    policy: d.policy,
    drill: d.drill,
    burn: d.burn,
  };
}

/**
 * A template's one-click alert, by the contract's rule (`templateDraft`, the engine's too): its
 * texts and everything its defaults say; the title is the template's name. Single contacts come
 * with their names (looked up by the caller). The wizard keeps the chosen template and both its
 * texts even where the rule leaves them out (a burn, a channel not chosen), so a change of channel
 * loses no words; toAlertDraft leaves them out again at the launch.
 */
export function fromTemplate(template: Template, contacts: PickedContact[]): WizardDraft {
  return withTemplate(fromAlertDraft(templateDraft(template, { title: template.name }), contacts), template);
}

/** The defaults a template editor saves: the recipients and settings part of a draft. */
export function alertDefaultsOf(d: WizardDraft): NonNullable<Template['alertDefaults']> {
  return { groupIds: d.groupIds, contactIds: d.contacts.map((c) => c.id), channels: d.channels, policy: d.policy, burn: d.burn, drill: d.drill };
}

/** Two drafts that would launch the same alert (the contacts' display details aside). */
export function sameDraft(a: WizardDraft, b: WizardDraft): boolean {
  return JSON.stringify(toAlertDraft(a)) === JSON.stringify(toAlertDraft(b));
}

/** A saved draft (a schedule's) back into the wizard's shape; single contacts come with their names. */
export function fromAlertDraft(d: AlertDraft, contacts: PickedContact[]): WizardDraft {
  return {
    templateId: d.templateId ?? null,
    title: d.title,
    voiceText: d.voiceText,
    smsText: d.smsText,
    language: d.language,
    groupIds: d.groupIds,
    contacts,
    channels: d.channels,
    policy: d.policy,
    drill: d.drill,
    burn: d.burn,
  };
}
