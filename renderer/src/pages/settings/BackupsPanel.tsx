import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconDatabaseExport, IconInfoCircle } from '@tabler/icons-react';
import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error';
import { useApi } from '../../api/ApiProvider';
import { Announcer } from '../../components/Announcer';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
import { formatBytes, formatDateTime } from '../../i18n/format';

/** On PostgreSQL the engine makes no backups of its own: the database's tools do (pg_dump, PITR). */
const POSTGRES_OWN = 'backup.postgres_own';

/**
 * The backups GDial has made (newest first), each checked with integrity_check when written, and
 * "Säkerhetskopiera nu" for one before a risky change. Administrators only, as the engine says.
 * On PostgreSQL it says that backups are the database's own instead.
 */
export function BackupsPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const headingId = useId();
  const list = useLoad(useCallback(() => api.call('backups.list', {}), [api]));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');

  async function runNow(): Promise<void> {
    setBusy(true);
    setError(null);
    setAnnouncement(t('settings.backups.running'));
    try {
      const entry = await api.call('backups.run', {});
      list.setData((l) => [entry, ...(l ?? []).filter((e) => e.fileName !== entry.fileName)]);
      setAnnouncement(t('settings.backups.done', { file: entry.fileName }));
    } catch (err) {
      setError(err);
      setAnnouncement('');
    } finally {
      setBusy(false);
    }
  }

  const entries = list.data ?? [];
  if (isApiError(list.error) && list.error.code === POSTGRES_OWN) {
    return (
      <section aria-labelledby={headingId} data-testid="backups">
        <Stack gap="sm">
          <Title order={3} size="h5" id={headingId}>
            {t('settings.backups.heading')}
          </Title>
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} data-testid="backups-postgres">
            {t('settings.backups.postgresOwn')}
          </Alert>
        </Stack>
      </section>
    );
  }
  return (
    <section aria-labelledby={headingId} data-testid="backups">
      <Stack gap="sm">
        <Title order={3} size="h5" id={headingId}>
          {t('settings.backups.heading')}
        </Title>
        <Group gap="sm" align="center">
          <Button variant="default" leftSection={<IconDatabaseExport size={16} aria-hidden />} loading={busy} onClick={() => void runNow()}>
            {t('settings.backups.runNow')}
          </Button>
          <Text size="sm" c="dimmed">
            {t('settings.backups.runNowHint')}
          </Text>
        </Group>
        <ErrorAlert error={error ?? list.error} />
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && entries.length === 0 ? <Text size="sm">{t('settings.backups.none')}</Text> : null}
        {entries.length > 0 ? (
          <Table.ScrollContainer minWidth={600}>
            <Table striped withTableBorder aria-label={t('settings.backups.tableLabel')} data-testid="backup-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('settings.backups.at')}</Table.Th>
                  <Table.Th scope="col">{t('settings.backups.file')}</Table.Th>
                  <Table.Th scope="col">{t('settings.backups.size')}</Table.Th>
                  <Table.Th scope="col">{t('settings.backups.trigger')}</Table.Th>
                  <Table.Th scope="col">{t('settings.backups.verified')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => (
                  <Table.Tr key={e.fileName}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, i18n.language)}</Table.Td>
                    <Table.Td className="gdial-mono">{e.fileName}</Table.Td>
                    <Table.Td>{formatBytes(e.bytes, i18n.language)}</Table.Td>
                    <Table.Td>{t(`settings.backups.triggers.${e.trigger}`)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={e.verified ? 'teal' : 'red'} tt="none">
                        {e.verified ? t('settings.backups.verifiedYes') : t('settings.backups.verifiedNo')}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
      <Announcer message={announcement} />
    </section>
  );
}
