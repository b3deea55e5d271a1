import { NativeSelect, NumberInput, SimpleGrid, Stack, Switch, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EscalationPolicy } from '@contract';

interface Props {
  policy: EscalationPolicy;
  onChange: (policy: EscalationPolicy) => void;
}

type NumberKey = 'attemptsPerNumber' | 'retryIntervalSeconds' | 'cycles' | 'expiresAfterMinutes';

// The contract's limits, so the field refuses what the engine would refuse.
const LIMITS: Record<NumberKey, { min: number; max: number }> = {
  attemptsPerNumber: { min: 1, max: 5 },
  retryIntervalSeconds: { min: 10, max: 3600 },
  cycles: { min: 1, max: 10 },
  expiresAfterMinutes: { min: 5, max: 24 * 60 },
};

/** The escalation policy's advanced fields; every one starts at the contract's default. */
export function PolicyFields({ policy, onChange }: Props) {
  const { t } = useTranslation();
  const patch = (p: Partial<EscalationPolicy>) => onChange({ ...policy, ...p });

  const numberField = (key: NumberKey) => (
    <NumberInput
      key={key}
      label={t(`wizard.policy.${key}`)}
      description={t(`wizard.policy.${key}Hint`)}
      min={LIMITS[key].min}
      max={LIMITS[key].max}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="blur"
      value={policy[key]}
      onChange={(v) => typeof v === 'number' && patch({ [key]: v })}
    />
  );

  return (
    <Stack data-testid="policy-fields">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {numberField('attemptsPerNumber')}
        {numberField('cycles')}
        {numberField('retryIntervalSeconds')}
        {numberField('expiresAfterMinutes')}
        <NumberInput
          label={t('wizard.policy.quorum')}
          description={t('wizard.policy.quorumHint')}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          value={policy.quorum ?? ''}
          onChange={(v) => patch({ quorum: typeof v === 'number' && v >= 1 ? v : null })}
        />
        <NativeSelect
          label={t('wizard.policy.voicemail')}
          description={t('wizard.policy.voicemailHint')}
          value={policy.voicemail}
          onChange={(e) => patch({ voicemail: e.currentTarget.value as EscalationPolicy['voicemail'] })}
          data={[
            { value: 'leave_message', label: t('wizard.policy.voicemailOptions.leave_message') },
            { value: 'hang_up', label: t('wizard.policy.voicemailOptions.hang_up') },
          ]}
        />
      </SimpleGrid>
      <Switch
        label={t('wizard.policy.stopOnConfirmation')}
        description={t('wizard.policy.stopOnConfirmationHint')}
        checked={policy.stopOnConfirmation}
        onChange={(e) => patch({ stopOnConfirmation: e.currentTarget.checked })}
      />
      <Textarea
        label={t('wizard.policy.standDownText')}
        description={t('wizard.policy.standDownTextHint')}
        autosize
        minRows={2}
        maxLength={480}
        value={policy.standDownText}
        onChange={(e) => patch({ standDownText: e.currentTarget.value })}
      />
    </Stack>
  );
}
