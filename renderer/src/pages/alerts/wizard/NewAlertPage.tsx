/**
 * The new-alert wizard as its own page: message → recipients → channels and policy →
 * pre-flight and launch. The drill switch stays in view on every step.
 */
import { Anchor, Group, Paper, Stepper, Switch } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Page } from '../../../components/Page';
import { useLoad } from '../../../components/use-load';
import { hrefOf } from '../../../router/hash-route';
import { useUser } from '../../../session/session-context';
import { DrillBadge } from '../AlertBadges';
import { alertHref } from '../alert-href';
import { ChannelsStep } from './ChannelsStep';
import { newLaunchKey } from './launch-key';
import { MessageStep } from './MessageStep';
import { PreflightStep } from './PreflightStep';
import { RecipientsStep } from './RecipientsStep';
import { channelProblems, emptyDraft, hasRecipients, messageProblems } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

type Step = 0 | 1 | 2 | 3;

export function NewAlertPage() {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  // Once per opening of the wizard (see launch-key.ts).
  const [launchKey] = useState(newLaunchKey);
  const [draft, setDraft] = useState<WizardDraft>(() => emptyDraft(user.language));
  const [step, setStep] = useState<Step>(0);
  const [moved, setMoved] = useState(false);
  // While the countdown runs (and the launch is on its way) the draft must not change under it.
  const [launching, setLaunching] = useState(false);
  const [checked, setChecked] = useState<Record<Step, boolean>>({ 0: false, 1: false, 2: false, 3: false });
  const templates = useLoad(useCallback(() => api.call('templates.list', {}), [api]));
  const groups = useLoad(useCallback(() => api.call('groups.list', {}), [api]));

  const valid: Record<Step, boolean> = {
    0: messageProblems(draft).length === 0,
    1: hasRecipients(draft),
    2: channelProblems(draft).length === 0,
    3: true,
  };
  const reachable = (s: Step) => ([0, 1, 2, 3] as Step[]).filter((x) => x < s).every((x) => valid[x]);

  function go(next: Step): void {
    setMoved(true);
    setStep(next);
  }

  function forward(from: Step): void {
    setChecked((c) => ({ ...c, [from]: true }));
    if (valid[from]) {
      go((from + 1) as Step);
      return;
    }
    // To the first field that says what is missing, once it says so.
    setTimeout(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus(), 0);
  }

  function launched(alert: Alert): void {
    notifications.show({
      color: alert.state === 'pending_approval' ? 'yellow' : 'teal',
      message: t(alert.state === 'pending_approval' ? 'wizard.launch.pendingApproval' : 'wizard.launch.launched', { title: alert.title }),
    });
    window.location.hash = alertHref(alert.id);
  }

  return (
    <Page title={t('wizard.title')}>
      <Anchor href={hrefOf('larm')} w="fit-content">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden />
          {t('wizard.leave')}
        </Group>
      </Anchor>
      <Paper withBorder p="md" className="gdial-drill-switch" data-drill={draft.drill || undefined}>
        <Group justify="space-between" wrap="wrap">
          <Switch
            size="md"
            color="orange.9"
            label={t('wizard.drill.label')}
            description={t('wizard.drill.hint')}
            checked={draft.drill}
            disabled={launching}
            onChange={(e) => {
              // Read now: the updater may run after the event, when currentTarget is gone.
              const drill = e.currentTarget.checked;
              setDraft((d) => ({ ...d, drill }));
            }}
          />
          {draft.drill ? <DrillBadge size="lg" /> : null}
        </Group>
      </Paper>
      <ErrorAlert error={templates.error ?? groups.error} />
      <Stepper active={step} onStepClick={(s) => !launching && reachable(s as Step) && go(s as Step)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label={t('wizard.steps.message')}>
          <MessageStep draft={draft} onChange={setDraft} templates={templates.data ?? []} checked={checked[0]} first={!moved} onNext={() => forward(0)} />
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.recipients')} allowStepSelect={reachable(1)}>
          <RecipientsStep draft={draft} onChange={setDraft} groups={groups.data ?? []} checked={checked[1]} onBack={() => go(0)} onNext={() => forward(1)} />
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.channels')} allowStepSelect={reachable(2)}>
          <ChannelsStep draft={draft} onChange={setDraft} checked={checked[2]} onBack={() => go(1)} onNext={() => forward(2)} />
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.launch')} allowStepSelect={reachable(3)}>
          <PreflightStep draft={draft} launchKey={launchKey} onBack={() => go(2)} onLaunched={launched} onBusyChange={setLaunching} busy={launching} />
        </Stepper.Step>
      </Stepper>
    </Page>
  );
}
