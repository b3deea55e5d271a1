import { ActionIcon, Badge, Button, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconPencil, IconPlus, IconSend, IconTrash, IconWebhook } from '@tabler/icons-react';
import { Fragment, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Subscription } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorText } from '../../components/error-text';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../i18n/format';
import { SubscriptionDeliveries } from './SubscriptionDeliveries';
import { SubscriptionFormModal } from './SubscriptionFormModal';
import { SubscriptionSecretModal } from './SubscriptionSecretModal';
import { eventNameKey } from './webhook-event-names';

type Dialog =
  | { kind: 'edit'; subscription: Subscription | null }
  | { kind: 'created'; subscription: Subscription; secret: string }
  | { kind: 'delete'; subscription: Subscription }
  | null;

const NO_WRAP = { whiteSpace: 'nowrap' } as const;
/** A badge keeps its whole word (a narrow column would cut it to an ellipsis). */
const FULL_WIDTH = { minWidth: 'max-content' } as const;

/** The list's waiting and given-up counts move while messages go out: read again this often. */
const REFRESH_MS = 5_000;

/** Webhooks ut (admins): subscriptions, their signing secret shown once, a test button, and each one's deliveries. */
export function SubscriptionsPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const lang = i18n.language;
  const list = useLoad(useCallback(() => api.call('subscriptions.list', {}), [api]));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [sent, setSent] = useState(0);
  const { reload } = list;

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const replace = (s: Subscription) =>
    list.setData((items) => {
      const rest = (items ?? []).filter((x) => x.id !== s.id);
      return [...rest, s].sort((a, b) => a.name.localeCompare(b.name, lang) || a.id - b.id);
    });

  async function sendTest(s: Subscription): Promise<void> {
    try {
      await api.call('subscriptions.sendTest', { id: s.id });
      notifications.show({ color: 'teal', message: t('integrations.webhooksOut.testQueued', { name: s.name }) });
      setOpen(s.id);
      setSent((n) => n + 1);
      reload();
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(t, err, lang) });
    }
  }

  const status = (s: Subscription) =>
    s.enabled ? (
      <Badge color="teal" variant="light" tt="none" style={FULL_WIDTH}>
        {t('integrations.webhooksOut.active')}
      </Badge>
    ) : (
      <Badge color="gray" variant="light" tt="none" style={FULL_WIDTH}>
        {t('integrations.webhooksOut.paused')}
      </Badge>
    );

  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text maw={720}>{t('integrations.webhooksOut.intro')}</Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'edit', subscription: null })}>
          {t('integrations.webhooksOut.new')}
        </Button>
      </Group>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyNotice icon={<IconWebhook />} title={t('integrations.webhooksOut.empty')} text={t('integrations.webhooksOut.emptyText')} />
      ) : null}
      {list.data && list.data.length > 0 ? (
        <Table.ScrollContainer minWidth={1000}>
          <Table highlightOnHover aria-label={t('integrations.webhooksOut.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('integrations.webhooksOut.name')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.url')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.events')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.scope')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.status')}</Table.Th>
                <Table.Th scope="col">
                  {t('integrations.webhooksOut.waiting')} / {t('integrations.webhooksOut.failedCount')}
                </Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.lastDelivery')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((s) => {
                const expanded = open === s.id;
                return (
                  <Fragment key={s.id}>
                    <Table.Tr>
                      <Table.Th scope="row" fw={500}>
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            aria-expanded={expanded}
                            aria-controls={`deliveries-${s.id}`}
                            aria-label={t(expanded ? 'integrations.webhooksOut.hideDeliveries' : 'integrations.webhooksOut.showDeliveries', { name: s.name })}
                            onClick={() => setOpen(expanded ? null : s.id)}
                          >
                            {expanded ? <IconChevronDown size={18} aria-hidden /> : <IconChevronRight size={18} aria-hidden />}
                          </ActionIcon>
                          {s.name}
                        </Group>
                      </Table.Th>
                      <Table.Td>
                        <Code style={{ wordBreak: 'break-all' }}>{s.url}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          {s.events.map((e) => (
                            <Text key={e} size="sm">
                              {t(`integrations.webhooksOut.eventNames.${eventNameKey(e)!}`)}
                            </Text>
                          ))}
                        </Stack>
                      </Table.Td>
                      <Table.Td>{t(`integrations.webhooksOut.scopes.${s.scope}`)}</Table.Td>
                      <Table.Td style={NO_WRAP}>{status(s)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" c={s.failed > 0 ? 'red' : undefined}>
                          {t('integrations.webhooksOut.counts', { pending: s.pending, failed: s.failed })}
                        </Text>
                      </Table.Td>
                      <Table.Td style={NO_WRAP}>{s.lastDeliveryAt ? formatDateTime(s.lastDeliveryAt, lang) : t('common.never')}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Tooltip label={t('integrations.webhooksOut.sendTestTo', { name: s.name })}>
                            <Button size="xs" variant="light" leftSection={<IconSend size={14} aria-hidden />} onClick={() => void sendTest(s)}>
                              {t('integrations.webhooksOut.sendTest')}
                            </Button>
                          </Tooltip>
                          <ActionIcon variant="subtle" aria-label={t('integrations.webhooksOut.edit', { name: s.name })} onClick={() => setDialog({ kind: 'edit', subscription: s })}>
                            <IconPencil size={18} aria-hidden />
                          </ActionIcon>
                          <ActionIcon variant="subtle" color="red" aria-label={t('integrations.webhooksOut.delete', { name: s.name })} onClick={() => setDialog({ kind: 'delete', subscription: s })}>
                            <IconTrash size={18} aria-hidden />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {expanded ? (
                      <Table.Tr id={`deliveries-${s.id}`}>
                        <Table.Td colSpan={8}>
                          <SubscriptionDeliveries subscription={s} refreshKey={sent} />
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {dialog?.kind === 'edit' ? (
        <SubscriptionFormModal
          subscription={dialog.subscription}
          onClose={() => setDialog(null)}
          onSaved={(saved, secret) => {
            replace(saved);
            if (secret) setDialog({ kind: 'created', subscription: saved, secret });
            else {
              setDialog(null);
              notifications.show({ color: 'teal', message: t('integrations.webhooksOut.saved', { name: saved.name }) });
            }
          }}
        />
      ) : null}
      {dialog?.kind === 'created' ? <SubscriptionSecretModal name={dialog.subscription.name} secret={dialog.secret} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmModal
          title={t('integrations.webhooksOut.deleteTitle', { name: dialog.subscription.name })}
          text={t('integrations.webhooksOut.deleteText', { url: dialog.subscription.url })}
          confirmLabel={t('integrations.webhooksOut.deleteConfirm')}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.call('subscriptions.delete', { id: dialog.subscription.id });
            list.setData((items) => (items ?? []).filter((x) => x.id !== dialog.subscription.id));
            if (open === dialog.subscription.id) setOpen(null);
            notifications.show({ color: 'teal', message: t('integrations.webhooksOut.deleted', { name: dialog.subscription.name }) });
            setDialog(null);
          }}
        />
      ) : null}
    </Stack>
  );
}
