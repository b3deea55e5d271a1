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

/** The choices that count minutes: after the start ('time') or after the call-out's end ('end'). */
const TIMED: ReadonlyArray<BurnPolicy['after']> = ['time', 'end'];

/**
 * "Förstörs efter…": a message that must not linger (names, addresses, health details) is erased
 * after a time from the start (stopping a call-out still running then, as the engine does), a
 * while after the call-out has ended, once everything has gone out, or once the alert has its answers.
 */
export function BurnFields({ burn, onChange, error }: Props) {
  const { t } = useTranslation();
  const choice: Choice = burn?.after ?? 'none';
  const minutes = burn?.minutes ?? 60;

  function choose(next: Choice): void {
    onChange(next === 'none' ? null : { after: next, minutes });
  }

  const minutesInput = (after: BurnPolicy['after']) =>
    choice === after ? (
      <NumberInput
        ml="xl"
        maw={240}
        label={t('burn.minutes')}
        description={t(`burn.minutesHints.${after === 'end' ? 'end' : 'time'}`)}
        min={1}
        max={MAX_MINUTES}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="blur"
        value={minutes}
        onChange={(v) => typeof v === 'number' && onChange({ after, minutes: v })}
        data-testid={`burn-minutes-${after}`}
      />
    ) : null;

  return (
    <Stack gap="xs" data-testid="burn-fields">
      <Radio.Group label={t('burn.label')} description={t('burn.explain')} value={choice} onChange={(v) => choose(v as Choice)} error={error}>
        <Stack gap={6} mt="xs">
          <Radio value="none" label={t('burn.choices.none')} />
          {TIMED.map((after) => (
            <Stack key={after} gap={6}>
              <Radio value={after} label={t(`burn.choices.${after}`)} description={t(`burn.hints.${after}`)} />
              {minutesInput(after)}
            </Stack>
          ))}
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
