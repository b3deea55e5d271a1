import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, LogRow } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ExportButtons } from '../../components/ExportButtons';
import { Loading } from '../../components/Loading';
import { formatCount, formatDateTime, formatDuration } from '../../i18n/format';
import { useCan } from '../../session/use-can';
import { DrillBadge } from '../alerts/AlertBadges';
import { alertHref } from '../alerts/alert-href';
import { attemptStateText } from '../alerts/alert-text';
import { LogFilters } from './LogFilters';
import { emptyFilter, queryOf } from './log-query';
import type { LogFilter } from './log-query';
import { answeredByText, attemptReasonText } from '../alerts/attempt-reason';

const PAGE_SIZE = 50;

/** Samtalslogg or SMS-logg: every attempt on the channel, newest first, filtered, a page at a time. */
export function CommLog({ channel }: { channel: Channel }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  // Logs are bulk phone-number data: the engine lets only admins export them.
  const canExport = useCan('logs.export');
  const [filter, setFilter] = useState<LogFilter>(emptyFilter);
  const [rows, setRows] = useState<LogRow[]>([]);
  const [status, setStatus] = useState<'loading' | 'more' | 'end'>('loading');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api.call('logs.list', { channel, ...queryOf(filter), limit: PAGE_SIZE }).then(
      (page) => {
        if (!live) return;
        setRows(page);
        setStatus(page.length < PAGE_SIZE ? 'end' : 'more');
      },
      (err: unknown) => {
        if (!live) return;
        setRows([]);
        setError(err);
        setStatus('end');
      },
    );
    return () => {
      live = false;
    };
  }, [api, channel, filter]);

  function apply(next: LogFilter): void {
    setStatus('loading');
    setError(null);
    setFilter(next);
  }

  async function loadMore(): Promise<void> {
    const last = rows.at(-1);
    if (!last) return;
    setStatus('loading');
    setError(null);
    try {
      const page = await api.call('logs.list', { channel, ...queryOf(filter), limit: PAGE_SIZE, beforeId: last.attemptId });
      setRows((prev) => [...prev, ...page]);
      setStatus(page.length < PAGE_SIZE ? 'end' : 'more');
    } catch (err) {
      setError(err);
      setStatus('more');
    }
  }

  const voice = channel === 'voice';
  const what = t(voice ? 'logs.exportCalls' : 'logs.exportSms');
  const statusText =
    status === 'loading' || error ? '' : rows.length === 0 ? t('logs.noRows') : t(status === 'end' ? 'logs.rowsAll' : 'logs.rowsSome', { count: rows.length, formatted: formatCount(rows.length, i18n.language) });

  return (
    <Stack gap="md">
      <LogFilters applied={filter} onApply={apply} />
      {canExport ? (
        <ExportButtons
          formats={['csv', 'csv-excel', 'json', 'pdf']}
          what={what}
          testId={`export-${channel}`}
          run={(format) => api.call('reports.export', { kind: voice ? 'call_log' : 'sms_log', query: queryOf(filter), format })}
        />
      ) : null}
      <ErrorAlert error={error} />
      {rows.length > 0 ? (
        <Table.ScrollContainer minWidth={960}>
          <Table striped aria-label={t(voice ? 'logs.callTableLabel' : 'logs.smsTableLabel')} data-testid={`log-table-${channel}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('logs.columns.at')}</Table.Th>
                <Table.Th scope="col">{t('logs.columns.alert')}</Table.Th>
                <Table.Th scope="col">{t('logs.columns.recipient')}</Table.Th>
                <Table.Th scope="col">{t('logs.columns.number')}</Table.Th>
                <Table.Th scope="col">{t('logs.columns.state')}</Table.Th>
                <Table.Th scope="col">{voice ? t('logs.columns.duration') : t('logs.columns.segments')}</Table.Th>
                <Table.Th scope="col">{t('logs.columns.error')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.attemptId} data-attempt-id={r.attemptId}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.queuedAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Anchor href={alertHref(r.alertId)} size="sm">
                        {r.alertTitle}
                      </Anchor>
                      {r.drill ? <DrillBadge /> : null}
                      {r.purpose === 'stand_down' ? (
                        <Badge variant="light" color="gray" tt="none">
                          {t('logs.standDown')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{r.recipientName}</Table.Td>
                  <Table.Td className="gdial-mono">{r.e164}</Table.Td>
                  <Table.Td>{attemptStateText(t, r.state)}</Table.Td>
                  <Table.Td>
                    {voice
                      ? [r.durationS !== null ? formatDuration(r.durationS, i18n.language) : '', r.answeredBy ? t('logs.answeredBy', { by: answeredByText(t, r.answeredBy) }) : '']
                          .filter(Boolean)
                          .join(' · ')
                      : r.segments !== null
                        ? formatCount(r.segments, i18n.language)
                        : ''}
                  </Table.Td>
                  <Table.Td>{attemptReasonText(t, r.reason)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {status === 'loading' ? <Loading /> : null}
      <Text role="status" c="dimmed" size="sm" data-testid={`log-status-${channel}`}>
        {statusText}
      </Text>
      {status === 'more' ? (
        <Group>
          <Button variant="default" onClick={() => void loadMore()}>
            {t('logs.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
