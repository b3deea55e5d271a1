import { Alert, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditVerifyResult } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ExportButtons } from '../../components/ExportButtons';
import { Loading } from '../../components/Loading';
import { usePagedList } from '../../components/use-paged-list';
import { formatDateTime } from '../../i18n/format';
import { auditActionText } from '../alerts/attempt-reason';

const PAGE_SIZE = 50;

/** Granskningslogg: who changed what, sealed with the audit key and chained; verify the chain, export with a manifest. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { rows: entries, status, error, setError, loadMore } = usePagedList(
    useCallback((beforeId?: number) => api.call('audit.list', { limit: PAGE_SIZE, ...(beforeId === undefined ? {} : { beforeId }) }), [api]),
    PAGE_SIZE,
    (e: AuditEntry) => e.id,
  );
  const [verifying, setVerifying] = useState(false);
  const [verdict, setVerdict] = useState<AuditVerifyResult | null>(null);

  async function verify(): Promise<void> {
    setVerifying(true);
    setVerdict(null);
    setError(null);
    try {
      setVerdict(await api.call('audit.verify', {}));
    } catch (err) {
      setError(err);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <Stack gap="md">
      <Text>{t('logs.intro')}</Text>
      <Group>
        <Button leftSection={<IconShieldCheck size={16} aria-hidden />} loading={verifying} onClick={() => void verify()}>
          {t('logs.verify')}
        </Button>
      </Group>
      <ExportButtons
        formats={['csv', 'csv-excel', 'json']}
        what={t('logs.exportAudit')}
        testId="export-audit"
        run={(format) => api.call('reports.export', { kind: 'audit_log', format })}
      />
      {verdict ? <Verdict result={verdict} /> : null}
      <ErrorAlert error={error} />
      {entries.length > 0 ? (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label={t('logs.tableLabel')} data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">#</Table.Th>
                <Table.Th scope="col">{t('logs.at')}</Table.Th>
                <Table.Th scope="col">{t('logs.actor')}</Table.Th>
                <Table.Th scope="col">{t('logs.action')}</Table.Th>
                <Table.Th scope="col">{t('logs.target')}</Table.Th>
                <Table.Th scope="col">{t('logs.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.id}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, i18n.language)}</Table.Td>
                  <Table.Td>{e.actorName}</Table.Td>
                  <Table.Td>
                    {auditActionText(t, e.action)}{' '}
                    <Code className="gdial-mono">{e.action}</Code>
                  </Table.Td>
                  <Table.Td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : ''}</Table.Td>
                  <Table.Td>
                    {Object.keys(e.details).length > 0 ? <Code className="gdial-mono">{JSON.stringify(e.details)}</Code> : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {status === 'loading' ? <Loading /> : null}
      {/* Always present so "no more rows" is announced when a load reaches the end. */}
      <Text role="status" c="dimmed">
        {status === 'end' && !error ? (entries.length ? t('logs.end') : t('logs.empty')) : ''}
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

function Verdict({ result }: { result: AuditVerifyResult }) {
  const { t } = useTranslation();
  if (result.intact) {
    return (
      <Alert role="status" color="teal" variant="light" data-testid="audit-verdict">
        {t('logs.intact', { count: result.checked })}
        {result.notice ? <Text mt="xs">{t('logs.uncheckable')}</Text> : null}
      </Alert>
    );
  }
  const problem = result.problem ?? '';
  return (
    <Alert role="alert" color="red" variant="light" data-testid="audit-verdict">
      {result.firstBrokenId !== null
        ? t('logs.broken', { id: result.firstBrokenId, problem })
        : t('logs.brokenNoRow', { problem })}
    </Alert>
  );
}
