import { Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { attemptStates } from '@contract';
import type { AttemptState } from '@contract';
import { attemptStateText } from '../alerts/alert-text';
import { ContactFilter } from './ContactFilter';
import { emptyFilter, rangeProblem } from './log-query';
import type { LogFilter } from './log-query';

interface Props {
  applied: LogFilter;
  onApply: (filter: LogFilter) => void;
}

/** Time range, alert, contact and status; applied together with "Filtrera", so the table changes once. */
export function LogFilters({ applied, onApply }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<LogFilter>(applied);
  const [checked, setChecked] = useState(false);
  const badRange = checked && rangeProblem(draft);
  const patch = (p: Partial<LogFilter>) => setDraft((d) => ({ ...d, ...p }));

  function submit(e: FormEvent): void {
    e.preventDefault();
    setChecked(true);
    if (rangeProblem(draft)) return;
    onApply(draft);
  }

  function clear(): void {
    const empty = emptyFilter();
    setDraft(empty);
    setChecked(false);
    onApply(empty);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('logs.filters.label')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <TextInput type="datetime-local" label={t('logs.filters.from')} value={draft.from} onChange={(e) => patch({ from: e.currentTarget.value })} />
          <TextInput
            type="datetime-local"
            label={t('logs.filters.to')}
            value={draft.to}
            onChange={(e) => patch({ to: e.currentTarget.value })}
            error={badRange ? t('logs.filters.badRange') : undefined}
          />
          <NumberInput
            label={t('logs.filters.alertId')}
            description={t('logs.filters.alertIdHint')}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            value={draft.alertId ?? ''}
            onChange={(v) => patch({ alertId: typeof v === 'number' && v >= 1 ? v : null })}
          />
          <ContactFilter value={draft.contact} onChange={(contact) => patch({ contact })} />
          <NativeSelect
            label={t('logs.filters.state')}
            value={draft.state ?? ''}
            onChange={(e) => patch({ state: (e.currentTarget.value || null) as AttemptState | null })}
            data={[{ value: '', label: t('logs.filters.anyState') }, ...attemptStates.map((s) => ({ value: s, label: attemptStateText(t, s) }))]}
          />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit" leftSection={<IconFilter size={16} aria-hidden />}>
            {t('logs.filters.apply')}
          </Button>
          <Button variant="default" onClick={clear}>
            {t('logs.filters.clear')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
