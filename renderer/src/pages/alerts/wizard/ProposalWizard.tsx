/**
 * The wizard opened from a proposed call-out (`#/larm?nytt=1&forslag=<id>`): the engine built the
 * proposal's draft from its rule's template (recipients, channels, policy, texts, title, drill),
 * and the wizard shows exactly that at the pre-flight. When the template has no recipients the
 * engine built no draft: the wizard then opens at Mottagare with the template's texts and the
 * alarm's headline filled in. The launch carries the proposal's id, so the engine marks it launched.
 */
import { Alert } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup, Language, Template } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { useLoad } from '../../../components/use-load';
import { headlineOf } from '../../../shell/proposals/proposal-href';
import { AlertWizard } from './AlertWizard';
import type { WizardStart } from './AlertWizard';
import type { SavedDraft, WizardStep } from './draft-store';
import { newLaunchKey } from './launch-key';
import { usePickedContacts } from './use-picked-contacts';
import { proposalDraft } from './proposal-draft';
import { channelProblems, emptyDraft, hasRecipients, messageProblems, sameDraft } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

interface Props {
  id: number;
  saved: SavedDraft | null;
  templates: Template[];
  groups: ContactGroup[];
  language: Language;
  resumedNotice: ReactNode;
}

function firstOpenStep(d: WizardDraft): WizardStep {
  if (messageProblems(d).length > 0) return 0;
  if (!hasRecipients(d)) return 1;
  return channelProblems(d).length > 0 ? 2 : 3;
}

export function ProposalWizard({ id, saved, templates, groups, language, resumedNotice }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const loaded = useLoad(useCallback(() => api.call('proposals.get', { id }), [api, id]));
  const proposal = loaded.data ?? null;
  const contacts = usePickedContacts(proposal?.draft ? proposal.draft.contactIds : null);
  const [choice, setChoice] = useState<'proposal' | 'saved' | null>(null);
  const resume = (s: SavedDraft): WizardStart => ({ draft: s.draft, launchKey: s.launchKey, step: s.step, keep: true, proposalId: s.proposalId });
  const fresh = (): WizardStart => ({ draft: emptyDraft(language), launchKey: newLaunchKey(), step: 0, keep: false });

  if (loaded.loading || (proposal && contacts.loading)) return <Loading />;
  if (!proposal) {
    const notice = (
      <>
        <Alert color="yellow" variant="light">
          {t('integrations.triggers.wizard.gone')}
        </Alert>
        <ErrorAlert error={loaded.error} />
        {resumedNotice}
      </>
    );
    return <AlertWizard key="proposal-gone" start={saved ? resume(saved) : fresh()} notice={notice} templates={templates} groups={groups} />;
  }

  const headline = headlineOf(proposal);
  const draft = proposalDraft(proposal, templates, groups, contacts.data ?? [], language);
  const same = saved !== null && sameDraft(saved.draft, draft);
  if (saved && !same && choice === null) {
    return (
      <ConfirmModal
        title={t('quickLaunch.replaceTitle')}
        text={t('integrations.triggers.wizard.replaceText', { title: saved.draft.title || t('quickLaunch.untitled'), headline })}
        confirmLabel={t('integrations.triggers.wizard.replace')}
        cancelLabel={t('quickLaunch.keep')}
        confirmColor="red"
        onConfirm={async () => setChoice('proposal')}
        onClose={() => setChoice('saved')}
      />
    );
  }
  if (saved && choice === 'saved') return <AlertWizard key="saved" start={resume(saved)} notice={resumedNotice} templates={templates} groups={groups} />;

  // Only an open proposal is linked to the launch: a launched or dismissed one must not launch twice under its name.
  const stillOpen = proposal.state === 'open';
  const start: WizardStart = {
    draft,
    launchKey: same && saved ? saved.launchKey : newLaunchKey(),
    step: firstOpenStep(draft),
    keep: true,
    ...(stillOpen ? { proposalId: proposal.id } : {}),
  };
  const notice = (
    <>
      <Alert color="teal" variant="light" data-testid="from-proposal">
        {t('integrations.triggers.wizard.fromProposal', { headline, rule: proposal.ruleName ?? '–' })}
        {proposal.draft ? '' : ` ${t('integrations.triggers.wizard.pickRecipients')}`}
      </Alert>
      {stillOpen ? null : (
        <Alert color="yellow" variant="light" data-testid="proposal-not-open">
          {t('integrations.triggers.wizard.notOpen', { state: t(`integrations.triggers.states.${proposal.state}`) })}
        </Alert>
      )}
    </>
  );
  return <AlertWizard key={`proposal-${proposal.id}`} start={start} notice={notice} templates={templates} groups={groups} />;
}
