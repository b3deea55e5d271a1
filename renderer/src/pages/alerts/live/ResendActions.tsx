import { Button, Group, Stack, Text } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert, AlertView } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { useReturnFocus } from '../../../components/use-return-focus';
import { formatCount } from '../../../i18n/format';
import { resendOffer, resendResult } from './follow-up';
import type { ResendOffer, ResendTarget } from './follow-up';

const TARGETS: ResendTarget[] = ['unconfirmed', 'failed'];

interface Props {
  alert: Alert;
  onResent: (next: AlertView) => void;
  /** Where focus goes when the button that asked is no longer there to take it. */
  fallbackFocus: () => HTMLElement | null;
}

/**
 * "Skicka igen": a fresh round to those who did not confirm, or whose attempts failed. It
 * reaches people, so it asks first and says how many; the result is said where it happened.
 */
export function ResendActions({ alert, onResent, fallbackFocus }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [asking, setAsking] = useState<ResendOffer | null>(null);
  const [result, setResult] = useState('');
  const focus = useReturnFocus();
  const offers = TARGETS.map((target) => resendOffer(alert, target));
  const anyone = offers.some((o) => o.enabled);

  async function resend(offer: ResendOffer): Promise<void> {
    const next = await api.call('alerts.resend', { id: alert.id, to: offer.target });
    onResent(next);
    setAsking(null);
    setResult(resendResult(next) === 'queued' ? t(`alerts.followUp.queued.${offer.target}`) : t('alerts.followUp.nothing'));
    focus.restore(fallbackFocus);
  }

  return (
    <Stack gap="xs">
      <Group gap="sm">
        {offers.map((offer) => (
          <Button
            key={offer.target}
            variant="default"
            leftSection={<IconRepeat size={18} aria-hidden />}
            disabled={!offer.enabled}
            data-testid={`resend-${offer.target}`}
            onClick={() => {
              focus.remember();
              setResult('');
              setAsking(offer);
            }}
          >
            {t(`alerts.followUp.${offer.target}`)}
          </Button>
        ))}
      </Group>
      <Text size="sm" c="dimmed">
        {anyone ? t('alerts.followUp.hint') : t('alerts.followUp.noneLeft')}
      </Text>
      <Text role="status" size="sm" fw={500} data-testid="resend-result">
        {result}
      </Text>
      {asking ? (
        <ConfirmModal
          title={t(`alerts.followUp.${asking.target}Title`)}
          text={t(`alerts.followUp.${asking.target}Text`, { count: asking.people, formatted: formatCount(asking.people, i18n.language) })}
          confirmLabel={t('alerts.followUp.confirm')}
          cancelLabel={t('alerts.followUp.keep')}
          confirmColor="blue"
          onConfirm={() => resend(asking)}
          onClose={() => {
            setAsking(null);
            focus.restore(fallbackFocus);
          }}
        />
      ) : null}
    </Stack>
  );
}
