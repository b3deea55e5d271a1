/** A proposed call-out's draft in the wizard's shape (ProposalWizard), kept apart from React so it is tested alone. */
import type { Group as ContactGroup, Language, Proposal, Template } from '@contract';
import { headlineOf } from '../../../shell/proposals/headline';
import { emptyDraft, fromAlertDraft, withTemplate } from './wizard-draft';
import type { PickedContact, WizardDraft } from './wizard-draft';

/**
 * The engine's draft as it is, with groups deleted since left out (the launch would refuse them).
 * Without a draft (the template lacks recipients) the template's texts and the alarm's headline,
 * and no one to call yet: the operator picks.
 */
export function proposalDraft(p: Proposal, templates: Template[], groups: ContactGroup[], contacts: PickedContact[], language: Language): WizardDraft {
  if (p.draft) {
    const known = new Set(groups.map((g) => g.id));
    const d = fromAlertDraft(p.draft, contacts);
    return { ...d, groupIds: d.groupIds.filter((id) => known.has(id)) };
  }
  const template = templates.find((x) => x.id === p.templateId) ?? null;
  const base = withTemplate({ ...emptyDraft(language), title: headlineOf(p) }, template);
  // The alarm's own word on whether it is an exercise (CAP Exercise/Test), as the engine reads it for its drafts.
  return { ...base, drill: p.status === 'Exercise' || p.status === 'Test' };
}
