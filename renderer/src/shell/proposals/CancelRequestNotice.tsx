/**
 * A launched proposal's source sent Cancel: "Källan har återkallat larmet – stoppa larmet?" with
 * Stoppa / Låt det fortsätta (proposals.resolveCancel). The engine stops nothing by itself: the
 * alarm may have been withdrawn by mistake, and the people already called are on their way.
 */
import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Proposal } from '@contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { alertHref } from '../../pages/alerts/alert-href';
import { useCan } from '../../session/use-can';
import { MAIN_ID } from '../SkipLink';
import { headlineOf } from './proposal-href';
import { useOpenProposals } from './proposals-context';

export function CancelRequestNotice({ proposal: p }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const { resolveCancel } = useOpenProposals();
  const canResolve = useCan('proposals.resolveCancel');
  const [busy, setBusy] = useState<'stop' | 'keep' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const title = p.draft?.title ?? headlineOf(p);

  async function answer(stop: boolean): Promise<void> {
    setBusy(stop ? 'stop' : 'keep');
    setError(null);
    try {
      await resolveCancel(p.id, stop);
      // The notice (and the button that had focus) is gone: focus to the page, the outcome said once.
      document.getElementById(MAIN_ID)?.focus();
      notifications.show({ color: stop ? 'orange' : 'teal', message: t(stop ? 'integrations.triggers.cancel.stopped' : 'integrations.triggers.cancel.kept', { title }) });
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  }

  return (
    <Alert role="note" color="orange" variant="light" title={t('integrations.triggers.cancel.title')} icon={<IconAlertTriangle aria-hidden />} data-testid="cancel-request">
      <Text fw={700}>{t('integrations.triggers.cancel.question')}</Text>
      <Text size="sm">{t('integrations.triggers.cancel.which', { title, source: p.sourceKey })}</Text>
      <ErrorAlert error={error} />
      <Group gap="sm" mt="xs">
        {canResolve ? (
          <>
            <Button color="red.9" size="sm" loading={busy === 'stop'} disabled={busy === 'keep'} onClick={() => void answer(true)} aria-label={t('integrations.triggers.cancel.stopLabel', { title })}>
              {t('integrations.triggers.cancel.stop')}
            </Button>
            <Button variant="default" size="sm" loading={busy === 'keep'} disabled={busy === 'stop'} onClick={() => void answer(false)} aria-label={t('integrations.triggers.cancel.keepLabel', { title })}>
              {t('integrations.triggers.cancel.keep')}
            </Button>
          </>
        ) : (
          <Text size="sm">{t('integrations.triggers.cancel.readOnly')}</Text>
        )}
        {p.alertId !== null ? (
          <Anchor href={alertHref(p.alertId)} size="sm" c="inherit" underline="always">
            {t('integrations.triggers.cancel.viewAlert')}
          </Anchor>
        ) : null}
      </Group>
    </Alert>
  );
}
