/** Översikt's "Väntar på godkännande": each alert this user may approve, with Godkänn right there. */
import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertView } from '@contract';
import { Announcer } from '../../components/Announcer';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { alertHref } from '../../pages/alerts/alert-href';
import { usePendingApprovals } from './approvals-context';

export function PendingApprovalsSection() {
  const { t } = useTranslation();
  const { alerts, approve } = usePendingApprovals();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');

  async function onApprove(alert: AlertView): Promise<void> {
    setBusy(alert.id);
    setError(null);
    try {
      await approve(alert.id);
      setAnnouncement(t('banners.approvals.approved', { title: alert.title }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {alerts.length > 0 || error ? (
        <Section id="overview-approvals" title={t('banners.approvals.heading')}>
          <Text size="sm">{t('banners.approvals.intro')}</Text>
          <ErrorAlert error={error} />
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {alerts.map((a) => (
              <li key={a.id}>
                <ApprovalRow alert={a} busy={busy === a.id} disabled={busy !== null} onApprove={() => void onApprove(a)} />
              </li>
            ))}
          </Stack>
        </Section>
      ) : null}
      <Announcer message={announcement} />
    </>
  );
}

function ApprovalRow({ alert, busy, disabled, onApprove }: { alert: AlertView; busy: boolean; disabled: boolean; onApprove: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid="approval-row">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text fw={600}>
          {t('banners.approvals.row', {
            title: alert.title,
            count: alert.counters.recipients,
            by: alert.createdBy ?? t('banners.approvals.someone'),
            at: formatDateTime(alert.createdAt, i18n.language),
          })}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Anchor href={alertHref(alert.id)} aria-label={t('banners.approvals.openLabel', { title: alert.title })}>
            {t('banners.approvals.open')}
          </Anchor>
          <Button color="teal.9" loading={busy} disabled={disabled && !busy} onClick={onApprove} aria-label={t('banners.approvals.approveLabel', { title: alert.title })}>
            {t('banners.approvals.approve')}
          </Button>
        </Group>
      </Group>
    </Card>
  );
}
