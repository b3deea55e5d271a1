import { Button, Group, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportExportResult } from '@contract';
import { downloadBase64 } from './download';
import { ErrorAlert } from './ErrorAlert';

/** `csv-excel`: semicolons and decimal commas for Swedish Excel, as the contact export offers. */
export type ExportFormat = 'csv' | 'csv-excel' | 'json' | 'pdf';

interface Props<F extends ExportFormat> {
  formats: readonly F[];
  /** Asks the engine for the files (reports.export). */
  run: (format: F) => Promise<ReportExportResult>;
  /** What is exported, inside each button's name: "Exportera rapporten som CSV". */
  what: string;
  testId?: string;
}

/**
 * One button per format. The engine writes the files (and audits the export); each is saved
 * through the browser's download, and the result names every file with its SHA-256 so the
 * operator can quote it when the file is handed on.
 */
export function ExportButtons<F extends ExportFormat>({ formats, run, what, testId }: Props<F>) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<F | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<ReportExportResult['files']>([]);

  async function exportAs(format: F): Promise<void> {
    setBusy(format);
    setError(null);
    setDone([]);
    try {
      const result = await run(format);
      for (const file of result.files) downloadBase64(file.fileName, file.mimeType, file.contentBase64);
      setDone(result.files);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap="xs" data-testid={testId}>
      <Group gap="xs" role="group" aria-label={t('exports.groupLabel', { what })}>
        {formats.map((format) => (
          <Button
            key={format}
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            loading={busy === format}
            disabled={busy !== null && busy !== format}
            aria-label={t('exports.as', { what, format: t(`exports.formats.${format}`) })}
            onClick={() => void exportAs(format)}
          >
            {t(`exports.formats.${format}`)}
          </Button>
        ))}
      </Group>
      <ErrorAlert error={error} />
      <div role="status" data-testid={testId ? `${testId}-result` : undefined}>
        {done.length > 0 ? (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t('exports.saved', { count: done.length })}
            </Text>
            {done.map((f) => (
              <Text key={f.fileName} size="sm" data-file={f.fileName}>
                {f.fileName} · {t('exports.sha256')} <span className="gdial-mono" data-testid="export-sha256">{f.sha256}</span>
              </Text>
            ))}
          </Stack>
        ) : null}
      </div>
    </Stack>
  );
}
