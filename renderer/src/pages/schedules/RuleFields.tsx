import { Code, NativeSelect, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { WEEKDAYS_MONDAY_FIRST, weekdayName } from './schedule-rule';
import type { RuleForm, RulePreset } from './schedule-rule';

export type RuleErrors = Partial<Record<'date' | 'time' | 'cron' | 'timeZone', string>>;

interface Props {
  form: RuleForm;
  onChange: (form: RuleForm) => void;
  /** The form's own checks and the engine's verdict on the rule, placed at the field each concerns. */
  errors: RuleErrors;
}

/** Once (a date and a time), or recurring: daily or weekly at a time, or an own cron rule; in a time zone. */
export function RuleFields({ form, onChange, errors }: Props) {
  const { t, i18n } = useTranslation();
  const patch = (p: Partial<RuleForm>) => onChange({ ...form, ...p });
  const time = (
    <TextInput
      type="time"
      label={t('schedules.form.time')}
      description={t('schedules.form.timeHint')}
      required
      value={form.time}
      onChange={(e) => patch({ time: e.currentTarget.value })}
      error={errors.time}
      data-testid="rule-time"
    />
  );
  return (
    <Stack gap="sm">
      <Radio.Group label={t('schedules.form.kind')} value={form.kind} onChange={(v) => patch({ kind: v as RuleForm['kind'] })}>
        <Stack gap={6} mt="xs">
          <Radio value="once" label={t('schedules.form.once')} description={t('schedules.form.onceHint')} />
          <Radio value="recurring" label={t('schedules.form.recurring')} description={t('schedules.form.recurringHint')} />
        </Stack>
      </Radio.Group>
      {form.kind === 'once' ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('schedules.form.date')}
            required
            value={form.date}
            onChange={(e) => patch({ date: e.currentTarget.value })}
            error={errors.date}
            data-testid="rule-date"
          />
          {time}
        </SimpleGrid>
      ) : (
        <>
          <Radio.Group label={t('schedules.form.preset')} value={form.preset} onChange={(v) => patch({ preset: v as RulePreset })}>
            <Stack gap={6} mt="xs">
              <Radio value="daily" label={t('schedules.form.presets.daily')} />
              <Radio value="weekly" label={t('schedules.form.presets.weekly')} />
              <Radio value="custom" label={t('schedules.form.presets.custom')} />
            </Stack>
          </Radio.Group>
          {form.preset === 'custom' ? (
            <TextInput
              label={t('schedules.form.cron')}
              description={
                <Stack gap={2} component="span">
                  <Text span size="xs">
                    {t('schedules.form.cronHint')}
                  </Text>
                  {(['weekly', 'weekdays', 'monthly', 'quarter'] as const).map((ex) => (
                    <Text span size="xs" key={ex}>
                      <Code>{t(`schedules.form.cronExamples.${ex}.cron`)}</Code> {t(`schedules.form.cronExamples.${ex}.text`)}
                    </Text>
                  ))}
                </Stack>
              }
              inputWrapperOrder={['label', 'input', 'error', 'description']}
              required
              spellCheck={false}
              autoComplete="off"
              classNames={{ input: 'gdial-mono' }}
              value={form.cron}
              onChange={(e) => patch({ cron: e.currentTarget.value })}
              error={errors.cron}
            />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {form.preset === 'weekly' ? (
                <NativeSelect
                  label={t('schedules.form.weekday')}
                  value={String(form.weekday)}
                  onChange={(e) => patch({ weekday: Number(e.currentTarget.value) })}
                  data={WEEKDAYS_MONDAY_FIRST.map((d) => ({ value: String(d), label: weekdayName(d, i18n.language) }))}
                />
              ) : null}
              {time}
            </SimpleGrid>
          )}
        </>
      )}
      <TimeZoneSelect
        label={t('schedules.form.timeZone')}
        description={t('schedules.form.timeZoneHint')}
        value={form.timeZone}
        onChange={(timeZone) => patch({ timeZone })}
        error={errors.timeZone}
        maw={360}
      />
    </Stack>
  );
}
