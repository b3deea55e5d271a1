import { Button, Group, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertView, RecipientRow } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { isApiError } from '../../../api/api-error';
import { errorText } from '../../../components/error-text';
import type { InDoubtAttempt } from './follow-up';

interface Props {
  row: RecipientRow;
  attempt: InDoubtAttempt;
  /** The id of the row's name cell: the group is named "Ring igen? <name>". */
  nameId: string;
  onDecided: (redial: boolean, next: AlertView) => void;
  /** Someone (or the carrier) settled it first: the row needs reloading. */
  onStale: () => void;
}

/**
 * "Ring igen?" for an attempt the carrier could not account for: calling again may reach the
 * person twice, leaving it counts them as not reached. Only the operator can weigh that.
 */
export function InDoubtDecision({ row, attempt, nameId, onDecided, onStale }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [busy, setBusy] = useState<'redial' | 'leave' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ch = attempt.channel;

  async function decide(redial: boolean): Promise<void> {
    setBusy(redial ? 'redial' : 'leave');
    setError(null);
    try {
      const next = await api.call('alerts.resolveInDoubt', { attemptId: attempt.attemptId, redial });
      onDecided(redial, next);
    } catch (err) {
      setError(err);
      setBusy(null);
      if (isApiError(err) && err.code === 'alerts.not_in_doubt') onStale();
    }
  }

  return (
    <Stack
      gap={4}
      mt={4}
      maw="22rem"
      role="group"
      aria-labelledby={`${id}-q ${nameId}`}
      aria-describedby={`${id}-why`}
      data-testid="in-doubt-decision"
    >
      <Text id={`${id}-q`} size="sm" fw={700}>
        {t(`alerts.inDoubt.question.${ch}`)}
      </Text>
      <Text id={`${id}-why`} size="xs">
        {t(`alerts.inDoubt.why.${ch}`, { name: row.name })}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Button
          size="xs"
          color="orange.9"
          loading={busy === 'redial'}
          disabled={busy !== null}
          aria-label={t(`alerts.inDoubt.redialLabel.${ch}`, { name: row.name })}
          onClick={() => void decide(true)}
        >
          {t(`alerts.inDoubt.redial.${ch}`)}
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={busy === 'leave'}
          disabled={busy !== null}
          aria-label={t(`alerts.inDoubt.leaveLabel.${ch}`, { name: row.name })}
          onClick={() => void decide(false)}
        >
          {t('alerts.inDoubt.leave')}
        </Button>
      </Group>
      {error ? (
        <Text size="xs" c="var(--mantine-color-error)" role="alert">
          {errorText(t, error, i18n.language)}
        </Text>
      ) : null}
    </Stack>
  );
}
