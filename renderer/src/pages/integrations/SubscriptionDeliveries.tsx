import { Badge, Code, Table, Text } from '@mantine/core';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, Subscription } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../i18n/format';
import { eventNameKey } from './webhook-event-names';

/** How often the open list is read again: retries and new messages show without a click. */
const REFRESH_MS = 3_000;

const NO_WRAP = { whiteSpace: 'nowrap' } as const;
/** A badge keeps its whole word (a narrow column would cut it to an ellipsis). */
const FULL_WIDTH = { minWidth: 'max-content' } as const;

const STATE_COLOR: Record<Delivery['state'], string> = { pending: 'yellow', delivered: 'teal', failed: 'red' };

/** One subscription's latest messages: state, attempts, the last answer or error, and when. */
export function SubscriptionDeliveries({ subscription, refreshKey }: { subscription: Subscription; refreshKey: number }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const lang = i18n.language;
  const list = useLoad(useCallback(() => api.call('subscriptions.deliveries', { id: subscription.id, limit: 50 }), [api, subscription.id]));
  const { reload } = list;

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);

  const eventName = (type: string) => {
    const name = eventNameKey(type);
    return name ? t(`integrations.webhooksOut.eventNames.${name}`) : type;
  };
  const lastResult = (d: Delivery) => {
    if (d.attempts === 0) return '–';
    if (d.lastStatus !== null && !d.lastError) return `HTTP ${d.lastStatus}`;
    return d.lastError ?? (d.lastStatus !== null ? `HTTP ${d.lastStatus}` : t('integrations.webhooksOut.deliveries.noAnswer'));
  };

  return (
    <section aria-label={t('integrations.webhooksOut.deliveries.title', { name: subscription.name })}>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <Text c="dimmed">{t('integrations.webhooksOut.deliveries.empty')}</Text> : null}
      {list.data && list.data.length > 0 ? (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label={t('integrations.webhooksOut.deliveries.tableLabel', { name: subscription.name })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('integrations.webhooksOut.deliveries.event')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.deliveries.state')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.deliveries.attempts')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.deliveries.lastResult')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.deliveries.created')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.deliveries.next')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.deliveries.delivered')}</Table.Th>
                <Table.Th scope="col">{t('integrations.webhooksOut.deliveries.messageId')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{eventName(d.eventType)}</Table.Td>
                  <Table.Td style={NO_WRAP}>
                    <Badge color={STATE_COLOR[d.state]} variant="light" tt="none" style={FULL_WIDTH}>
                      {t(`integrations.webhooksOut.deliveries.states.${d.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={d.state === 'delivered' ? undefined : d.lastError ? 'red' : undefined}>
                      {lastResult(d)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={NO_WRAP}>{formatDateTime(d.createdAt, lang)}</Table.Td>
                  <Table.Td style={NO_WRAP}>{d.nextAt ? formatDateTime(d.nextAt, lang) : '–'}</Table.Td>
                  <Table.Td style={NO_WRAP}>{d.deliveredAt ? formatDateTime(d.deliveredAt, lang) : '–'}</Table.Td>
                  <Table.Td>
                    <Code>{d.messageId}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <Text size="xs" c="dimmed" mt={4}>
        {t('integrations.webhooksOut.deliveries.refreshed')}
      </Text>
    </section>
  );
}
