import { Button, Fieldset, Group, Paper, Radio, SimpleGrid, Stack, Switch, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup, Schedule, Template } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { Announcer } from '../../components/Announcer';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldError } from '../../components/error-text';
import { useUser } from '../../session/session-context';
import { DrillBadge } from '../alerts/AlertBadges';
import { ChannelFields } from '../alerts/wizard/ChannelFields';
import { MessageFields } from '../alerts/wizard/MessageFields';
import { RecipientFields } from '../alerts/wizard/RecipientFields';
import { channelProblems, emptyDraft, fromAlertDraft, hasRecipients, messageProblems, toAlertDraft } from '../alerts/wizard/wizard-draft';
import type { PickedContact, WizardDraft } from '../alerts/wizard/wizard-draft';
import { NextRuns } from './NextRuns';
import { namesRuleField, ruleFieldError } from './rule-errors';
import type { RuleField } from './rule-errors';
import { RuleFields } from './RuleFields';
import type { RuleErrors } from './RuleFields';
import { emptyRuleForm, formOf, ruleOf } from './schedule-rule';
import type { RuleForm } from './schedule-rule';
import { schedulesHref } from './schedule-href';
import { useSchedulePreview } from './use-schedule-preview';

interface Props {
  schedule: Schedule | null;
  contacts: PickedContact[];
  defaultZone: string;
  templates: Template[];
  groups: ContactGroup[];
}

type MissedPolicy = Schedule['missedPolicy'];

function Legend({ children }: { children: ReactNode }) {
  return (
    <Title order={2} size="h4">
      {children}
    </Title>
  );
}

/**
 * A schedule: its name, when it runs (with the engine's next five runs shown as the rule is
 * written), what happens to a run missed while GDial was closed, and the alert it launches —
 * built from the wizard's own fields. Problems are said at the field, ours and the engine's.
 */
export function ScheduleForm({ schedule, contacts, defaultZone, templates, groups }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const user = useUser();
  const [name, setName] = useState(schedule?.name ?? '');
  const [rule, setRule] = useState<RuleForm>(() => (schedule ? formOf(schedule.rule, defaultZone) : emptyRuleForm(defaultZone)));
  const [missedPolicy, setMissedPolicy] = useState<MissedPolicy>(schedule?.missedPolicy ?? 'skip');
  const [draft, setDraft] = useState<WizardDraft>(() => (schedule ? fromAlertDraft(schedule.draft, contacts) : emptyDraft(user.language)));
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const contractRule = ruleOf(rule);
  const preview = useSchedulePreview(contractRule);

  // The engine names the rule's fields as in its input: rule.cron, rule.localDateTime, rule.timeZone.
  const engineRule = (field: RuleField) =>
    ruleFieldError(t, preview.error, field, i18n.language) ?? ruleFieldError(t, error, field, i18n.language);
  const ruleUnexplained = Boolean(preview.error) && !namesRuleField(preview.error);
  const required = t('common.required');
  const ruleErrors: RuleErrors = {
    date: (checked && rule.kind === 'once' && !rule.date ? required : undefined) ?? (rule.kind === 'once' ? engineRule('localDateTime') : undefined),
    time: checked && (rule.kind === 'once' || rule.preset !== 'custom') && !rule.time ? required : undefined,
    cron: (checked && rule.kind === 'recurring' && rule.preset === 'custom' && !rule.cron.trim() ? required : undefined) ?? engineRule('cron'),
    timeZone: engineRule('timeZone'),
  };
  const message = checked ? messageProblems(draft) : [];
  const channelText = checked ? channelProblems(draft).map((p) => t(`wizard.channels.missing.${p}`)).join(' ') : '';
  const draftError = (field: string) => fieldError(error, `draft.${field}`);
  const missingRecipients = checked && !hasRecipients(draft) ? t('wizard.recipients.none') : draftError('groupIds');
  const nameError = (checked && !name.trim() ? required : undefined) ?? fieldError(error, 'name');

  const focusFirstProblem = () => setTimeout(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus(), 0);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    const ok =
      name.trim() && contractRule && !preview.error && messageProblems(draft).length === 0 && channelProblems(draft).length === 0 && hasRecipients(draft);
    if (!ok || !contractRule) {
      focusFirstProblem();
      return;
    }
    const body = { name: name.trim(), rule: contractRule, missedPolicy, draft: toAlertDraft(draft) };
    setBusy(true);
    setError(null);
    try {
      const saved = schedule ? await api.call('schedules.update', { id: schedule.id, ...body }) : await api.call('schedules.create', body);
      notifications.show({ color: 'teal', message: t(schedule ? 'schedules.saved' : 'schedules.created', { name: saved.name }) });
      window.location.hash = schedulesHref();
    } catch (err) {
      setError(err);
      setBusy(false);
      focusFirstProblem();
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack maw={960}>
        <ErrorAlert error={error} />
        <Fieldset legend={<Legend>{t('schedules.form.whenHeading')}</Legend>}>
          <Stack>
            <TextInput
              label={t('schedules.form.name')}
              description={t('schedules.form.nameHint')}
              required
              maxLength={120}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
            />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
              <RuleFields form={rule} onChange={setRule} errors={ruleErrors} />
              <Paper withBorder p="md">
                <NextRuns runs={preview.runs} pending={preview.pending} blocked={!contractRule || Boolean(preview.error)} timeZone={rule.timeZone} />
                {ruleUnexplained ? <ErrorAlert error={preview.error} /> : null}
              </Paper>
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend={<Legend>{t('schedules.form.missedHeading')}</Legend>}>
          <Radio.Group label={t('schedules.form.missed')} description={t('schedules.form.missedHint')} value={missedPolicy} onChange={(v) => setMissedPolicy(v as MissedPolicy)}>
            <Stack gap={6} mt="xs">
              <Radio value="run_late" label={t('schedules.form.missedPolicies.run_late')} description={t('schedules.form.missedPolicies.run_lateHint')} />
              <Radio value="skip" label={t('schedules.form.missedPolicies.skip')} description={t('schedules.form.missedPolicies.skipHint')} />
            </Stack>
          </Radio.Group>
        </Fieldset>
        <Fieldset legend={<Legend>{t('schedules.form.alertHeading')}</Legend>}>
          <Stack>
            <Paper withBorder p="md" className="gdial-drill-switch" data-drill={draft.drill || undefined}>
              <Group justify="space-between" wrap="wrap">
                <Switch
                  size="md"
                  color="orange.9"
                  label={t('wizard.drill.label')}
                  description={t('schedules.form.drillHint')}
                  checked={draft.drill}
                  onChange={(e) => {
                    const drill = e.currentTarget.checked;
                    setDraft((d) => ({ ...d, drill }));
                  }}
                />
                {draft.drill ? <DrillBadge size="lg" /> : null}
              </Group>
            </Paper>
            <MessageFields
              draft={draft}
              onChange={setDraft}
              templates={templates}
              problems={message}
              engineErrors={{ title: draftError('title'), voiceText: draftError('voiceText'), smsText: draftError('smsText') }}
            />
            <Title order={3} size="h4">
              {t('wizard.recipients.heading')}
            </Title>
            <RecipientFields draft={draft} onChange={setDraft} groups={groups} missing={missingRecipients} onAnnounce={setAnnouncement} headingOrder={4} />
            <Title order={3} size="h4">
              {t('wizard.channels.heading')}
            </Title>
            <ChannelFields draft={draft} onChange={setDraft} problemText={channelText || undefined} />
          </Stack>
        </Fieldset>
        <Group>
          <Button type="submit" loading={busy}>
            {schedule ? t('schedules.form.save') : t('schedules.form.create')}
          </Button>
          <Button component="a" href={schedulesHref()} variant="default">
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
      <Announcer message={announcement} />
    </form>
  );
}
