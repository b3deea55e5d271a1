import { Button, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiProvider';
import { downloadText } from '../../../components/download';
import { ErrorAlert } from '../../../components/ErrorAlert';

/**
 * "CAP 1.2": the alert as an OASIS CAP message (`reports.cap`), saved through the browser's
 * download. The engine builds, validates and audits it; a burned alert's file has no text.
 */
export function CapExportButton({ id }: { id: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const hintId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function exportCap(): Promise<void> {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const file = await api.call('reports.cap', { id });
      downloadText(file.fileName, 'application/xml; charset=utf-8', file.xml);
      setSaved(file.fileName);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="xs" data-testid="report-cap">
      <Text size="sm" c="dimmed" id={hintId}>
        {t('report.cap.hint')}
      </Text>
      <Button
        variant="default"
        w="fit-content"
        leftSection={<IconDownload size={16} aria-hidden />}
        loading={busy}
        aria-label={t('report.cap.label')}
        aria-describedby={hintId}
        onClick={() => void exportCap()}
      >
        {t('report.cap.button')}
      </Button>
      <ErrorAlert error={error} />
      <div role="status" data-testid="report-cap-result">
        {saved ? (
          <Text size="sm">
            {t('report.cap.saved')} <span data-file={saved}>{saved}</span>
          </Text>
        ) : null}
      </div>
    </Stack>
  );
}
