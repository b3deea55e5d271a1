import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlugConnected } from '@tabler/icons-react';
import { useCallback, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookStatus } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { Announcer } from '../../components/Announcer';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiEvent } from '../../components/use-api-event';
import { useLoad } from '../../components/use-load';
import { formatCount, formatTime } from '../../i18n/format';
import { useCan } from '../../session/use-can';

interface Props {
  /** The saved polling interval, for "GDial asks the carrier every … s". */
  statusPollSeconds: number;
}

/**
 * How the carrier reaches GDial right now: where the receiver listens, the public address and
 * tunnel, the last end-to-end check, and whether press-1 can be heard at all. Follows the
 * engine's `webhooks.status` event; "Kontrollera nu" runs the check on demand.
 */
export function WebhookStatusPanel({ statusPollSeconds }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const headingId = useId();
  const canCheck = useCan('webhooks.check');
  const status = useLoad(useCallback(() => api.call('webhooks.status', {}), [api]));
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const s = status.data;

  function healthText(next: WebhookStatus): string {
    const h = next.health;
    if (!h) return t('settings.webhooks.notChecked');
    const at = formatTime(h.checkedAt, i18n.language);
    if (!h.ok) return t('settings.webhooks.healthFailed', { error: h.error ?? '', at });
    return h.latencyMs === null
      ? t('settings.webhooks.healthOkNoLatency', { at })
      : t('settings.webhooks.healthOk', { latency: formatCount(Math.round(h.latencyMs), i18n.language), at });
  }

  useApiEvent('webhooks.status', (next) => {
    const before = status.data;
    status.setData(() => next);
    // Say what changed on its own (a tunnel coming up, a failing check); not every repeat.
    if (before && before.tunnelState !== next.tunnelState) {
      setAnnouncement(t('settings.webhooks.tunnelAnnounce', { state: t(`settings.webhooks.tunnelStates.${next.tunnelState}`) }));
    } else if (next.health && before?.health?.checkedAt !== next.health.checkedAt && !checking) {
      setAnnouncement(healthText(next));
    }
  });

  async function check(): Promise<void> {
    setChecking(true);
    setCheckError(null);
    setAnnouncement('');
    try {
      const next = await api.call('webhooks.check', {});
      status.setData(() => next);
      setAnnouncement(
        next.health?.ok ? t('settings.webhooks.checkedOk') : t('settings.webhooks.checkedFailed', { error: next.health?.error ?? '' }),
      );
    } catch (err) {
      setCheckError(err);
    } finally {
      setChecking(false);
    }
  }

  const rows: [string, ReactNode, string][] = s
    ? [
        [t('settings.webhooks.listening'), <span className="gdial-mono">{s.listening}</span>, 'listening'],
        [t('settings.webhooks.publicUrl'), s.publicUrl ? <span className="gdial-mono">{s.publicUrl}</span> : t('settings.webhooks.noPublicUrl'), 'public-url'],
        ...(s.tunnel !== 'off' || s.tunnelState !== 'off'
          ? [
              [
                t('settings.webhooks.tunnel'),
                <>
                  {t(`settings.webhooks.tunnelStates.${s.tunnelState}`)}
                  {s.tunnelError ? ` – ${t('settings.webhooks.tunnelError', { error: s.tunnelError })}` : ''}
                </>,
                'tunnel',
              ] as [string, ReactNode, string],
            ]
          : []),
        [
          t('settings.webhooks.health'),
          <Group gap="xs" wrap="nowrap" align="flex-start">
            {s.health ? (
              // The sentence beside it says the same; the badge is for the eye scanning the page.
              <Badge color={s.health.ok ? 'teal.9' : 'red.9'} variant="filled" style={{ flexShrink: 0 }} aria-hidden>
                {s.health.ok ? t('settings.webhooks.badgeOk') : t('settings.webhooks.badgeFailed')}
              </Badge>
            ) : null}
            <span data-testid="webhook-health-text">{healthText(s)}</span>
          </Group>,
          'health',
        ],
        [
          t('settings.webhooks.statusMode'),
          t(`settings.webhooks.statusModes.${s.statusMode}`, { seconds: formatCount(statusPollSeconds, i18n.language) }),
          'status-mode',
        ],
      ]
    : [];

  return (
    <section aria-labelledby={headingId} data-testid="webhook-status">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h5" id={headingId}>
            {t('settings.webhooks.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('settings.webhooks.hint')}
          </Text>
        </div>
        <ErrorAlert error={status.error} />
        {status.loading && !s ? <Loading /> : null}
        {s ? (
          <Table className="gdial-kv" withTableBorder variant="vertical" aria-label={t('settings.webhooks.tableLabel')}>
            <Table.Tbody>
              {rows.map(([label, value, key]) => (
                <Table.Tr key={key}>
                  <Table.Th scope="row">{label}</Table.Th>
                  <Table.Td data-testid={`webhook-${key}`}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {s && !s.pressToConfirm ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={t('settings.webhooks.pressWarningTitle')}
            data-testid="press-to-confirm-warning"
          >
            {t('settings.webhooks.pressWarning')}
          </Alert>
        ) : null}
        {canCheck ? (
          <Group gap="sm" align="center">
            <Button
              variant="default"
              leftSection={<IconPlugConnected size={16} aria-hidden />}
              loading={checking}
              onClick={() => void check()}
              aria-describedby={`${headingId}-check-hint`}
            >
              {t('settings.webhooks.check')}
            </Button>
            <Text size="sm" c="dimmed" id={`${headingId}-check-hint`}>
              {t('settings.webhooks.checkHint')}
            </Text>
          </Group>
        ) : null}
        <ErrorAlert error={checkError} />
      </Stack>
      <Announcer message={announcement} />
    </section>
  );
}
