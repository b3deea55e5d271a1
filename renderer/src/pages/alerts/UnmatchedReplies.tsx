import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseRow } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { usePagedList } from '../../components/use-paged-list';
import { formatDateTime } from '../../i18n/format';

const PAGE_SIZE = 25;

/**
 * Replies no alert took (a late JA, a text from a number GDial does not know): an operator may
 * need to call that person back, so they are listed rather than dropped.
 */
export function UnmatchedReplies() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { rows, status, error, loadMore, reload } = usePagedList(
    useCallback(
      (beforeId?: number) => api.call('responses.list', { unmatchedOnly: true, limit: PAGE_SIZE, ...(beforeId ? { beforeId } : {}) }),
      [api],
    ),
    PAGE_SIZE,
    (r: ResponseRow) => r.id,
  );

  return (
    <section aria-labelledby="unmatched-replies" data-testid="unmatched-replies">
      <Stack gap="xs">
        <Group justify="space-between" align="center">
          <Title order={2} size="h3" id="unmatched-replies">
            {t('replies.heading')}
          </Title>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconRefresh size={14} aria-hidden />}
            onClick={reload}
            disabled={status === 'loading'}
          >
            {t('replies.refresh')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('replies.intro')}
        </Text>
        <ErrorAlert error={error} />
        {rows.length > 0 ? (
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label={t('replies.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('replies.columns.at')}</Table.Th>
                  <Table.Th scope="col">{t('replies.columns.from')}</Table.Th>
                  <Table.Th scope="col">{t('replies.columns.body')}</Table.Th>
                  <Table.Th scope="col">{t('replies.columns.channel')}</Table.Th>
                  <Table.Th scope="col">{t('replies.columns.meaning')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.id} data-reply-id={r.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.receivedAt, i18n.language)}</Table.Td>
                    <Table.Td className="gdial-number">{r.fromE164}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{r.body}</Table.Td>
                    <Table.Td>{t(`replies.channels.${r.channel}`)}</Table.Td>
                    <Table.Td>{t(`replies.meanings.${r.meaning}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {status === 'loading' ? <Loading /> : null}
        <Text role="status" c="dimmed" size="sm" data-testid="unmatched-replies-status">
          {status === 'end' && !error ? (rows.length === 0 ? t('replies.empty') : t('replies.end')) : ''}
        </Text>
        {status === 'more' ? (
          <Group>
            <Button variant="default" onClick={() => void loadMore()}>
              {t('replies.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </section>
  );
}
