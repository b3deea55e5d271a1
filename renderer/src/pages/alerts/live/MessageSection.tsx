import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert as AlertDto, AlertView } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { useReturnFocus } from '../../../components/use-return-focus';
import { formatDateTime } from '../../../i18n/format';
import { burnStateText, isBurned, textElsewhereLines } from '../burn-text';

interface Props {
  alert: AlertDto;
  /** From the engine's flags on the alert: may this user burn it now. */
  canBurn: boolean;
  onBurned: (next: AlertView) => void;
  onAnnounce: (message: string) => void;
}

const HEADING_ID = 'alert-live-message';

/**
 * What was sent, and for a burn message when it burns. "Förstör nu" erases the text and audio
 * at once (here and at the carrier); afterwards only the content-free trail is left, and the
 * section says so instead of showing text.
 */
export function MessageSection({ alert, canBurn, onBurned, onAnnounce }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [asking, setAsking] = useState(false);
  const focus = useReturnFocus();
  const burned = isBurned(alert);
  const burnState = burned ? null : burnStateText(t, alert.burn, i18n.language);

  async function burnNow(): Promise<void> {
    const next = await api.call('alerts.burn', { id: alert.id });
    onBurned(next);
    setAsking(false);
    onAnnounce([t('burn.done'), ...textElsewhereLines(t, next.burn?.textElsewhere ?? [], 'after', i18n.language)].join(' '));
    // The button is gone with the text: the section's heading takes focus.
    setTimeout(() => document.getElementById(HEADING_ID)?.focus(), 0);
  }

  return (
    <section aria-labelledby={HEADING_ID} data-testid="alert-message">
      <Stack gap="sm">
        <Title order={2} size="h3" id={HEADING_ID} tabIndex={-1}>
          {t('burn.messageHeading')}
        </Title>
        {burned ? (
          <Alert color="gray" variant="light" icon={<IconFlame aria-hidden />} title={t('burn.goneTitle')} data-testid="burned-notice">
            {t('burn.goneText', { at: formatDateTime(alert.burn?.burnedAt, i18n.language) })}
            {/* "Gone from GDial" is only true with where the same text still is (templates, schedules). */}
            {textElsewhereLines(t, alert.burn?.textElsewhere ?? [], 'after', i18n.language).map((line) => (
              <Text key={line} size="sm" mt={4} fw={500} data-testid="burned-elsewhere">
                {line}
              </Text>
            ))}
          </Alert>
        ) : (
          <dl className="gdial-preview-facts">
            {alert.voiceText ? (
              <>
                <dt>{t('wizard.message.voiceText')}</dt>
                <dd data-testid="message-voice">{alert.voiceText}</dd>
              </>
            ) : null}
            {alert.smsText ? (
              <>
                <dt>{t('wizard.message.smsText')}</dt>
                <dd data-testid="message-sms">{alert.smsText}</dd>
              </>
            ) : null}
          </dl>
        )}
        {burnState ? (
          <Text size="sm" data-testid="burn-state">
            {burnState}
          </Text>
        ) : null}
        {canBurn ? (
          <Group>
            <Button
              color="red"
              variant="outline"
              leftSection={<IconFlame size={18} aria-hidden />}
              onClick={() => {
                focus.remember();
                setAsking(true);
              }}
            >
              {t('burn.now')}
            </Button>
          </Group>
        ) : null}
      </Stack>
      {asking ? (
        <ConfirmModal
          title={t('burn.confirmTitle')}
          text={t('burn.confirmText', { title: alert.title })}
          confirmLabel={t('burn.confirm')}
          cancelLabel={t('burn.keep')}
          onConfirm={burnNow}
          onClose={() => {
            setAsking(false);
            focus.restore(() => document.getElementById(HEADING_ID));
          }}
        />
      ) : null}
    </section>
  );
}
