import { NumberInput, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BurnPolicy } from '@contract';

type Choice = 'none' | BurnPolicy['after'];
const MAX_MINUTES = 7 * 24 * 60;

interface Props {
  burn: BurnPolicy | null;
  onChange: (burn: BurnPolicy | null) => void;
  error?: string;
}

/**
 * "Förstörs efter…": a message that must not linger (names, addresses, health details) is erased
 * after a time, once everything has gone out, or once the alert has its answers.
 */
export function BurnFields({ burn, onChange, error }: Props) {
  const { t } = useTranslation();
  const choice: Choice = burn?.after ?? 'none';
  const minutes = burn?.minutes ?? 60;

  function choose(next: Choice): void {
    onChange(next === 'none' ? null : { after: next, minutes });
  }

  return (
    <Stack gap="xs" data-testid="burn-fields">
      <Radio.Group label={t('burn.label')} description={t('burn.explain')} value={choice} onChange={(v) => choose(v as Choice)} error={error}>
        <Stack gap={6} mt="xs">
          <Radio value="none" label={t('burn.choices.none')} />
          <Radio value="time" label={t('burn.choices.time')} description={t('burn.hints.time')} />
          {choice === 'time' ? (
            <NumberInput
              ml="xl"
              maw={240}
              label={t('burn.minutes')}
              description={t('burn.minutesHint')}
              min={1}
              max={MAX_MINUTES}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="blur"
              value={minutes}
              onChange={(v) => typeof v === 'number' && onChange({ after: 'time', minutes: v })}
            />
          ) : null}
          <Radio value="delivery" label={t('burn.choices.delivery')} description={t('burn.hints.delivery')} />
          <Radio value="confirmation" label={t('burn.choices.confirmation')} description={t('burn.hints.confirmation')} />
        </Stack>
      </Radio.Group>
      {burn ? (
        <Text size="sm" fw={500} data-testid="burn-summary">
          {t('burn.whatStays')}
        </Text>
      ) : null}
    </Stack>
  );
}
