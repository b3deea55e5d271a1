/**
 * "Nytt larm": where the wizard starts. A saved draft is resumed (and says so); `mall=<id>` (a
 * template's one-click Starta) opens the pre-flight with everything from the template filled in,
 * asking first when a different draft is in progress; `forslag=<id>` does the same with a proposed
 * call-out's draft (ProposalWizard).
 */
import { Alert, Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup, Template } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { Page } from '../../../components/Page';
import { useLoad } from '../../../components/use-load';
import { formatDateTime } from '../../../i18n/format';
import { hrefOf, paramOf } from '../../../router/hash-route';
import { useUser } from '../../../session/session-context';
import { newAlertHref } from '../alert-href';
import { AlertWizard } from './AlertWizard';
import type { WizardStart } from './AlertWizard';
import { loadDraft } from './draft-store';
import type { SavedDraft, WizardStep } from './draft-store';
import { newLaunchKey } from './launch-key';
import { ProposalWizard } from './ProposalWizard';
import { usePickedContacts } from './use-picked-contacts';
import { channelProblems, emptyDraft, fromTemplate, hasRecipients, messageProblems, sameDraft } from './wizard-draft';
import type { PickedContact, WizardDraft } from './wizard-draft';

type Choice = 'template' | 'saved' | null;

/** The first step with something missing, or the pre-flight when nothing is. */
function firstOpenStep(d: WizardDraft): WizardStep {
  if (messageProblems(d).length > 0) return 0;
  if (!hasRecipients(d)) return 1;
  return channelProblems(d).length > 0 ? 2 : 3;
}

/** The template's draft with groups deleted since it was saved left out (the launch would refuse them). */
function templateDraft(template: Template, contacts: PickedContact[], groups: ContactGroup[]) {
  const draft = fromTemplate(template, contacts);
  const known = new Set(groups.map((g) => g.id));
  const groupIds = draft.groupIds.filter((id) => known.has(id));
  return { draft: { ...draft, groupIds }, goneGroups: draft.groupIds.length - groupIds.length };
}

export function NewAlertPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const user = useUser();
  // Read once: the parameter is taken out of the address below, so a reload resumes the draft instead.
  const [templateId] = useState(() => {
    const raw = paramOf(window.location.hash, 'mall');
    return raw && /^\d+$/.test(raw) ? Number(raw) : null;
  });
  const [proposalId] = useState(() => {
    const raw = paramOf(window.location.hash, 'forslag');
    return raw && /^\d+$/.test(raw) ? Number(raw) : null;
  });
  const [saved] = useState<SavedDraft | null>(() => loadDraft(user.id));
  const [choice, setChoice] = useState<Choice>(null);
  const templates = useLoad(useCallback(() => api.call('templates.list', {}), [api]));
  const groups = useLoad(useCallback(() => api.call('groups.list', {}), [api]));
  const template = templateId === null ? null : (templates.data?.find((x) => x.id === templateId) ?? null);
  const contacts = usePickedContacts(template?.alertDefaults ? template.alertDefaults.contactIds : null);

  useEffect(() => {
    if (templateId !== null || proposalId !== null) window.history.replaceState(null, '', newAlertHref());
  }, [templateId, proposalId]);

  const resume = (s: SavedDraft): WizardStart => ({ draft: s.draft, launchKey: s.launchKey, step: s.step, keep: true, proposalId: s.proposalId });
  const resumedNotice = saved ? (
    <Alert color="blue" variant="light" data-testid="draft-resumed">
      {t('quickLaunch.resumed', { at: formatDateTime(saved.savedAt, i18n.language) })}
    </Alert>
  ) : null;

  let body: ReactNode = null;
  if (!templates.data || !groups.data || (template && contacts.loading)) {
    body = templates.loading || groups.loading || contacts.loading ? <Loading /> : null;
  } else if (proposalId !== null) {
    body = <ProposalWizard id={proposalId} saved={saved} templates={templates.data} groups={groups.data} language={user.language} resumedNotice={resumedNotice} />;
  } else if (templateId !== null && !template) {
    const notice = (
      <>
        <Alert color="yellow" variant="light">
          {t('quickLaunch.templateGone')}
        </Alert>
        {resumedNotice}
      </>
    );
    const start = saved ? resume(saved) : { draft: emptyDraft(user.language), launchKey: newLaunchKey(), step: 0 as const, keep: false };
    body = <AlertWizard key="gone" start={start} notice={notice} templates={templates.data} groups={groups.data} />;
  } else if (template) {
    const { draft, goneGroups } = templateDraft(template, contacts.data ?? [], groups.data);
    const same = saved !== null && sameDraft(saved.draft, draft);
    if (saved && !same && choice === null) {
      body = (
        <ConfirmModal
          title={t('quickLaunch.replaceTitle')}
          text={t('quickLaunch.replaceText', { title: saved.draft.title || t('quickLaunch.untitled'), template: template.name })}
          confirmLabel={t('quickLaunch.replace')}
          cancelLabel={t('quickLaunch.keep')}
          confirmColor="red"
          onConfirm={async () => setChoice('template')}
          onClose={() => setChoice('saved')}
        />
      );
    } else if (saved && choice === 'saved') {
      body = <AlertWizard key="saved" start={resume(saved)} notice={resumedNotice} templates={templates.data} groups={groups.data} />;
    } else {
      const start: WizardStart = { draft, launchKey: same && saved ? saved.launchKey : newLaunchKey(), step: firstOpenStep(draft), keep: true };
      const notice = (
        <Alert color="teal" variant="light" data-testid="from-template">
          {t('quickLaunch.fromTemplate', { name: template.name })}
          {goneGroups > 0 ? ` ${t('quickLaunch.groupsGone', { count: goneGroups })}` : ''}
        </Alert>
      );
      body = <AlertWizard key="template" start={start} notice={notice} templates={templates.data} groups={groups.data} />;
    }
  } else {
    const start = saved ? resume(saved) : { draft: emptyDraft(user.language), launchKey: newLaunchKey(), step: 0 as const, keep: false };
    body = <AlertWizard key="plain" start={start} notice={resumedNotice} templates={templates.data} groups={groups.data} />;
  }

  return (
    <Page title={t('wizard.title')}>
      <Anchor href={hrefOf('larm')} w="fit-content">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden />
          {t('quickLaunch.leave')}
        </Group>
      </Anchor>
      <ErrorAlert error={templates.error ?? groups.error ?? contacts.error} />
      {body}
    </Page>
  );
}
