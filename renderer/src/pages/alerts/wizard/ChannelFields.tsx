import { Button, Group, Radio, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EscalationPolicy } from '@contract';
import { formatDuration } from '../../../i18n/format';
import { BurnFields } from './BurnFields';
import { PolicyFields } from './PolicyFields';
import { channelChoice, channelsOf } from './wizard-draft';
import type { ChannelChoice, WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  /** What is missing for the chosen channels, said at the choice. */
  problemText: string | undefined;
}

export function policySummary(t: TFunction, p: EscalationPolicy, language: string): string {
  return [
    t('wizard.policy.summary.attempts', { count: p.attemptsPerNumber }),
    t('wizard.policy.summary.cycles', { count: p.cycles, interval: formatDuration(p.retryIntervalSeconds, language) }),
    p.stopOnConfirmation ? t('wizard.policy.summary.stops') : t('wizard.policy.summary.continues'),
    p.quorum ? t('wizard.policy.summary.quorum', { count: p.quorum }) : t('wizard.policy.summary.noQuorum'),
    t('wizard.policy.summary.expires', { duration: formatDuration(p.expiresAfterMinutes * 60, language) }),
  ].join(' ');
}

/** How people are reached, how hard GDial tries (advanced fields folded away), and whether the text burns. */
export function ChannelFields({ draft, onChange, problemText }: Props) {
  const { t, i18n } = useTranslation();
  const [advanced, setAdvanced] = useState(false);
  const panelId = useId();
  return (
    <Stack>
      <Radio.Group
        label={t('wizard.channels.label')}
        value={channelChoice(draft.channels)}
        onChange={(v) => onChange({ ...draft, channels: channelsOf(v as ChannelChoice) })}
        error={problemText}
      >
        <Stack gap={6} mt="xs">
          <Radio value="voice" label={t('wizard.channels.voice')} description={t('wizard.channels.voiceHint')} />
          <Radio value="sms" label={t('wizard.channels.sms')} description={t('wizard.channels.smsHint')} />
          <Radio value="both" label={t('wizard.channels.both')} description={t('wizard.channels.bothHint')} />
        </Stack>
      </Radio.Group>
      <Stack gap="xs">
        <Text fw={600}>{t('wizard.policy.heading')}</Text>
        <Text size="sm" data-testid="policy-summary">
          {policySummary(t, draft.policy, i18n.language)}
        </Text>
        <Group>
          <Button
            variant="subtle"
            leftSection={advanced ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
            aria-expanded={advanced}
            aria-controls={panelId}
            onClick={() => setAdvanced((a) => !a)}
          >
            {t('wizard.policy.advanced')}
          </Button>
        </Group>
        <div id={panelId} hidden={!advanced}>
          {advanced ? <PolicyFields policy={draft.policy} onChange={(policy) => onChange({ ...draft, policy })} /> : null}
        </div>
      </Stack>
      <BurnFields burn={draft.burn} onChange={(burn) => onChange({ ...draft, burn })} />
    </Stack>
  );
}
