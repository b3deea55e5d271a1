/**
 * The wizard opened from a proposed call-out (`#/larm?nytt=1&forslag=<id>`): the engine built the
 * proposal's draft from its rule's template (recipients, channels, policy, texts, title, drill),
 * and the wizard shows exactly that at the pre-flight. When the template has no recipients the
 * engine built no draft: the wizard then opens at Mottagare with the template's texts and the
 * alarm's headline filled in. The launch carries the proposal's id, so the engine marks it launched.
 * The wizard follows the proposal (`proposals.changed`): when a colleague launches or dismisses it,
 * or the source withdraws it, while it is open here, the draft stays as it is and the notice says
 * what became of it. Whether a launch may still name the proposal is the engine's to say.
 */
import { Alert } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup, Language, Proposal, Template } from '@contract';
import { useApi, useConnectionState } from '../../../api/ApiProvider';
import { Announcer } from '../../../components/Announcer';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { useApiEvent } from '../../../components/use-api-event';
import { useLoad } from '../../../components/use-load';
import { headlineOf } from '../../../shell/proposals/proposal-href';
import { AlertWizard } from './AlertWizard';
import type { WizardStart } from './AlertWizard';
import type { SavedDraft, WizardStep } from './draft-store';
import { newLaunchKey } from './launch-key';
import { closedText, ProposalClosedNotice } from './ProposalClosedNotice';
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
  const connection = useConnectionState();
  // The proposal as opened: the wizard's draft is built from it, once.
  const loaded = useLoad(useCallback(() => api.call('proposals.get', { id }), [api, id]));
  const proposal = loaded.data ?? null;
  // The proposal as the engine says it is now: only its state and alert are shown from it.
  const [latest, setLatest] = useState<Proposal | null>(null);
  // The launch key this wizard's launch goes under (the resumed draft's, when it is the same draft).
  const [freshKey] = useState(newLaunchKey);
  const generation = useRef(0);
  const refresh = useCallback(() => {
    const mine = ++generation.current;
    const ownLaunch = async (p: Proposal) =>
      p.state === 'launched' && p.alertId !== null && [freshKey, saved?.launchKey].includes((await api.call('alerts.get', { id: p.alertId })).launchKey);
    api
      .call('proposals.get', { id })
      .then(async (p) => {
        // Launched from this wizard: no colleague's doing, and the console leaves for the alert itself.
        if ((await ownLaunch(p)) || mine !== generation.current) return;
        setLatest(p);
      })
      .catch(() => undefined); // offline or not answering: the last answer stands until the next event or connection
  }, [api, id, freshKey, saved]);
  useApiEvent('proposals.changed', (payload) => {
    if (payload.ids.includes(id) || payload.created.includes(id)) refresh();
  });
  // Once opened, and after every reconnect: a change between the first read and the subscription,
  // or while offline, sent no event this console heard.
  const opened = proposal !== null;
  useEffect(() => {
    if (connection === 'connected' && opened) refresh();
  }, [connection, opened, refresh]);
  const current = latest ?? proposal;
  const closedHere = proposal?.state === 'open' && current !== null && current.state !== 'open' ? current.state : null;
  // Said once in the wizard's polite live region, which is on the page before the words arrive.
  const announcement = closedHere ? closedText(t, closedHere, 'changed') : '';
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

  // Only a proposal open when the wizard opened is linked to the launch: a launched or dismissed one
  // must not launch twice under its name. One that closes later stays linked, and the engine refuses
  // that launch (`proposals.not_open`) rather than start a second call-out for the same alarm.
  const stillOpen = proposal.state === 'open';
  const start: WizardStart = {
    draft,
    launchKey: same && saved ? saved.launchKey : freshKey,
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
      <ProposalClosedNotice proposal={current ?? proposal} when={stillOpen ? 'changed' : 'opened'} />
      <Announcer message={announcement} />
    </>
  );
  return <AlertWizard key={`proposal-${proposal.id}`} start={start} notice={notice} templates={templates} groups={groups} />;
}
