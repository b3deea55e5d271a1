/** A proposed call-out's draft in the wizard's shape (ProposalWizard), kept apart from React so it is tested alone. */
import { templateDraft } from '@contract';
import type { Group as ContactGroup, Language, Proposal, Template } from '@contract';
import { headlineOf } from '../../../shell/proposals/headline';
import { emptyDraft, fromAlertDraft, withTemplate } from './wizard-draft';
import type { PickedContact, WizardDraft } from './wizard-draft';

/**
 * The engine's draft as it is, with groups deleted since left out (the launch would refuse them).
 * Without a draft (the template lacks recipients) the template's one-click draft (the contract's
 * rule) with the alarm's headline, and no one to call yet: the operator picks. Whether it is a
 * drill is the engine's word (`proposal.drill`: the alarm's CAP status, the template's defaults).
 */
export function proposalDraft(p: Proposal, templates: Template[], groups: ContactGroup[], contacts: PickedContact[], language: Language): WizardDraft {
  if (p.draft) {
    const known = new Set(groups.map((g) => g.id));
    const d = fromAlertDraft(p.draft, contacts);
    return { ...d, groupIds: d.groupIds.filter((id) => known.has(id)) };
  }
  const template = templates.find((x) => x.id === p.templateId) ?? null;
  const title = headlineOf(p);
  if (!template) return { ...emptyDraft(language), title, drill: p.drill };
  // The wizard keeps the template and both its texts (see wizard-draft.ts fromTemplate).
  return withTemplate(fromAlertDraft({ ...templateDraft(template, { title, drill: p.drill }), groupIds: [], contactIds: [] }, []), template);
}
