import { Alert, Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { IconArrowLeft, IconFlame } from '@tabler/icons-react';
import { useCallback } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertReport } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ExportButtons } from '../../../components/ExportButtons';
import { Loading } from '../../../components/Loading';
import { Page } from '../../../components/Page';
import { useApiEvent } from '../../../components/use-api-event';
import { useLoad } from '../../../components/use-load';
import { useThrottled } from '../../../components/use-throttled';
import { formatDateTime } from '../../../i18n/format';
import { hrefOf } from '../../../router/hash-route';
import { useCan } from '../../../session/use-can';
import { AlertStateBadge, DrillBadge } from '../AlertBadges';
import { SimulatorNotice } from '../../../components/SimulatorNotice';
import { alertHref } from '../alert-href';
import { burnStateText } from '../burn-text';
import { FailureReasons, ReportFigures } from './ReportFigures';
import { ReportRecipients } from './ReportRecipients';
import { CapExportButton } from './CapExportButton';
import { Section } from '../../../components/Section';

/**
 * "Rapport": how one alert went, in figures and per recipient, with CSV/JSON/PDF and CAP 1.2 exports and the
 * state of its content (kept, burning, or burned with only its SHA-256 left). A running alert's
 * report follows it, reloaded at most every few seconds.
 */
export function AlertReportPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const canExport = useCan('reports.export');
  const canExportCap = useCan('reports.cap');
  const report = useLoad(useCallback(() => api.call('reports.alert', { id }), [api, id]));
  // For a burn still to come (when it burns); the report itself says whether it has.
  const alert = useLoad(useCallback(() => api.call('alerts.get', { id }), [api, id]));
  const refresh = useThrottled(() => {
    report.reload();
    alert.reload();
  }, 3000);
  useApiEvent('alert.progress', (payload) => {
    if (payload.alerts.some((a) => a.id === id)) refresh();
  });
  const r = report.data;

  return (
    <Page title={r ? t('report.title', { title: r.alert.title }) : t('report.titleLoading')}>
      <Group gap="lg">
        <Anchor href={alertHref(id)} w="fit-content">
          <Group gap={4} component="span">
            <IconArrowLeft size={16} aria-hidden />
            {t('report.toAlert')}
          </Group>
        </Anchor>
        <Anchor href={hrefOf('larm')} w="fit-content">
          {t('alerts.live.back')}
        </Anchor>
      </Group>
      <ErrorAlert error={report.error} />
      {report.loading && !r ? <Loading /> : null}
      {r ? (
        <>
          <Summary report={r} />
          <Section id="report-figures" title={t('report.figuresHeading')}>
            <ReportFigures figures={r.figures} />
          </Section>
          <Section id="report-failures" title={t('report.failuresHeading')}>
            <FailureReasons recipients={r.recipients} />
          </Section>
          <Section id="report-content" title={t('report.contentHeading')}>
            <ContentState report={r} burn={alert.data?.burn ?? null} />
          </Section>
          <Section id="report-recipients" title={t('report.recipientsHeading')}>
            <ReportRecipients recipients={r.recipients} />
          </Section>
          {canExport ? (
            <Section id="report-export" title={t('report.exportHeading')}>
              <ExportButtons
                formats={['csv', 'csv-excel', 'json', 'pdf']}
                what={t('report.exportWhat')}
                testId="report-export"
                run={(format) => api.call('reports.export', { kind: 'alert_report', alertId: id, format })}
              />
              {canExportCap ? <CapExportButton id={id} /> : null}
            </Section>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}


function Summary({ report }: { report: AlertReport }) {
  const { t, i18n } = useTranslation();
  const a = report.alert;
  const at = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '–');
  const rows: [string, ReactNode][] = [
    [t('report.kind'), a.drill ? t('report.drill') : t('report.live')],
    [t('report.channels'), a.channels.map((c) => t(`alerts.channels.${c}`)).join(', ')],
    [t('report.createdAt'), `${at(a.createdAt)}${a.createdBy ? ` ${t('alerts.createdBy', { name: a.createdBy })}` : ''}`],
    [t('report.approvedBy'), a.approvedBy ?? '–'],
    [t('report.startedAt'), at(a.startedAt)],
    [t('report.finishedAt'), at(a.finishedAt)],
    [t('report.generatedAt'), at(report.generatedAt)],
  ];
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <AlertStateBadge state={a.state} size="lg" />
        {a.drill ? (
          <DrillBadge size="lg" />
        ) : (
          <Badge variant="light" color="red" size="lg" tt="none">
            {t('report.live')}
          </Badge>
        )}
      </Group>
      {a.onSimulator ? <SimulatorNotice when="ended" /> : null}
      <Table className="gdial-kv" withTableBorder variant="vertical" data-testid="report-summary">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Whether the message is still there; after a burn, when it went and the hash that remains. */
function ContentState({ report, burn }: { report: AlertReport; burn: Parameters<typeof burnStateText>[1] }) {
  const { t, i18n } = useTranslation();
  const a = report.alert;
  const sha = a.contentSha256 ? (
    <Text size="sm">
      {t('report.sha256')} <span className="gdial-mono" data-testid="content-sha256">{a.contentSha256}</span>
    </Text>
  ) : null;
  if (a.burnedAt) {
    return (
      <Alert color="gray" variant="light" icon={<IconFlame aria-hidden />} title={t('burn.goneTitle')} data-testid="report-burned">
        <Stack gap={4}>
          <Text size="sm">{t('burn.goneText', { at: formatDateTime(a.burnedAt, i18n.language) })}</Text>
          {sha}
        </Stack>
      </Alert>
    );
  }
  const pending = burnStateText(t, burn, i18n.language);
  return (
    <Stack gap={4} data-testid="report-content">
      <Text size="sm">{pending ?? t('report.contentKept')}</Text>
      {sha}
    </Stack>
  );
}
