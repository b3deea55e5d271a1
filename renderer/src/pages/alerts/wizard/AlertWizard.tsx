/**
 * The new-alert wizard: message → recipients → channels and policy → pre-flight, with one launch
 * bar at the bottom and the drill switch in view on every step. The draft is saved per user on
 * every change (draft-store.ts); the countdown belongs to the shell (launch/), so it outlives
 * this page and the wizard only shows the draft held still while it runs.
 */
import { Group, Paper, Stepper, Switch } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup, Template } from '@contract';
import { Announcer } from '../../../components/Announcer';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { useUser } from '../../../session/session-context';
import { DrillBadge } from '../AlertBadges';
import { holds, useLaunchCountdown } from '../launch/countdown-context';
import { ChannelsStep } from './ChannelsStep';
import { clearDraft, saveDraft } from './draft-store';
import type { WizardStep } from './draft-store';
import { newLaunchKey } from './launch-key';
import { LaunchBar } from './LaunchBar';
import { MessageStep } from './MessageStep';
import { PreflightStep } from './PreflightStep';
import { RecipientsStep } from './RecipientsStep';
import { channelProblems, emptyDraft, hasRecipients, messageProblems, toAlertDraft } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

export interface WizardStart {
  draft: WizardDraft;
  launchKey: string;
  step: WizardStep;
  /** Already worth keeping (resumed, or filled from a template): saved before the first change. */
  keep: boolean;
  /** Opened from a proposed call-out: the launch names it. */
  proposalId?: number;
}

interface Props {
  start: WizardStart;
  /** Said above the steps: where the draft came from. */
  notice: ReactNode;
  templates: Template[];
  groups: ContactGroup[];
}

const STEPS: WizardStep[] = [0, 1, 2, 3];
const dialogOpen = () => document.querySelector('[role="dialog"][aria-modal="true"]') !== null;

export function AlertWizard({ start, notice, templates, groups }: Props) {
  const { t } = useTranslation();
  const user = useUser();
  const countdown = useLaunchCountdown();
  const [draft, setDraftState] = useState(start.draft);
  const [launchKey, setLaunchKey] = useState(start.launchKey);
  const [step, setStep] = useState<WizardStep>(start.step);
  const [keep, setKeep] = useState(start.keep);
  const [proposalId, setProposalId] = useState(start.proposalId);
  const [moved, setMoved] = useState(false);
  const [ready, setReady] = useState(false);
  const [onSimulator, setOnSimulator] = useState(false);
  const preflightReady = useCallback((isReady: boolean, simulator: boolean) => {
    setReady(isReady);
    setOnSimulator(simulator);
  }, []);
  const [discarding, setDiscarding] = useState(false);
  // Where the draft came from stops being true once it is discarded.
  const [showNotice, setShowNotice] = useState(true);
  const [announcement, setAnnouncement] = useState('');
  const [checked, setChecked] = useState<Record<WizardStep, boolean>>({ 0: false, 1: false, 2: false, 3: false });
  // While the countdown runs for this draft (and the launch is on its way) it must not change under it.
  const locked = holds(countdown.state, launchKey);

  const setDraft = useCallback((next: WizardDraft) => {
    setDraftState(next);
    setKeep(true);
  }, []);
  useEffect(() => {
    if (keep) saveDraft(user.id, { draft, launchKey, step, proposalId });
  }, [keep, user.id, draft, launchKey, step, proposalId]);

  const valid: Record<WizardStep, boolean> = {
    0: messageProblems(draft).length === 0,
    1: hasRecipients(draft),
    2: channelProblems(draft).length === 0,
    3: true,
  };
  const reachable = (s: WizardStep) => STEPS.filter((x) => x < s).every((x) => valid[x]);

  function go(next: WizardStep): void {
    setMoved(true);
    setStep(next);
  }

  function forward(from: WizardStep): void {
    setChecked((c) => ({ ...c, [from]: true }));
    if (valid[from]) {
      go((from + 1) as WizardStep);
      return;
    }
    // To the first field that says what is missing, once it says so.
    setTimeout(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus(), 0);
  }

  function launch(): void {
    if (ready && !locked) countdown.start({ launchKey, draft: toAlertDraft(draft), onSimulator, proposalId });
  }

  function discard(): void {
    clearDraft(user.id);
    setDraftState(emptyDraft(user.language));
    setLaunchKey(newLaunchKey());
    setKeep(false);
    setProposalId(undefined);
    setChecked({ 0: false, 1: false, 2: false, 3: false });
    setDiscarding(false);
    setShowNotice(false);
    go(0);
    setAnnouncement(t('quickLaunch.discarded'));
  }

  // Ctrl+Enter (⌘+Enter on a Mac): the next step, or the launch on the last one; also from a text field.
  const keyAction = useRef<() => void>(() => undefined);
  useEffect(() => {
    keyAction.current = () => (step < 3 ? forward(step) : launch());
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || dialogOpen()) return;
      e.preventDefault();
      keyAction.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      {showNotice ? notice : null}
      <Paper withBorder p="md" className="gdial-drill-switch" data-drill={draft.drill || undefined}>
        <Group justify="space-between" wrap="wrap">
          <Switch
            size="md"
            color="orange.9"
            label={t('wizard.drill.label')}
            description={t('wizard.drill.hint')}
            checked={draft.drill}
            disabled={locked}
            onChange={(e) => setDraft({ ...draft, drill: e.currentTarget.checked })}
          />
          {draft.drill ? <DrillBadge size="lg" /> : null}
        </Group>
      </Paper>
      <Stepper active={step} onStepClick={(s) => !locked && reachable(s as WizardStep) && go(s as WizardStep)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label={t('wizard.steps.message')}>
          <MessageStep draft={draft} onChange={setDraft} templates={templates} checked={checked[0]} first={!moved && step === 0} />
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.recipients')} allowStepSelect={reachable(1)}>
          <RecipientsStep draft={draft} onChange={setDraft} groups={groups} checked={checked[1]} />
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.channels')} allowStepSelect={reachable(2)}>
          <ChannelsStep draft={draft} onChange={setDraft} checked={checked[2]} />
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.launch')} allowStepSelect={reachable(3)}>
          <PreflightStep draft={draft} groups={groups} onEdit={go} onReady={preflightReady} busy={locked} first={!moved} />
        </Stepper.Step>
      </Stepper>
      {locked ? null : (
        <LaunchBar
          step={step}
          drill={draft.drill}
          ready={ready}
          onBack={() => go((step - 1) as WizardStep)}
          onNext={() => forward(step)}
          onStart={launch}
          onDiscard={() => setDiscarding(true)}
        />
      )}
      {discarding ? (
        <ConfirmModal
          title={t('quickLaunch.discardTitle')}
          text={t('quickLaunch.discardText')}
          confirmLabel={t('quickLaunch.discard')}
          cancelLabel={t('quickLaunch.discardKeep')}
          onConfirm={async () => discard()}
          onClose={() => setDiscarding(false)}
        />
      ) : null}
      <Announcer message={announcement} />
    </>
  );
}
