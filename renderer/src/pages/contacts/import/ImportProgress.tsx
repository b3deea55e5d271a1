import { Progress, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '@contract';
import { useApiEvent } from '../../../components/use-api-event';
import { formatCount } from '../../../i18n/format';

/** The engine's progress events, and the wizard's own while it sends the file (bytes, not rows). */
export type ImportProgressEvent =
  | EventPayload<'import.progress'>
  | { importId: null; phase: 'uploading'; done: number; total: number };

/**
 * The engine reports progress to the connection that asked, and the wizard runs one request at
 * a time, so every report that arrives between begin() and end() is ours (the import's id
 * only comes with the answer).
 */
export function useImportProgress(): {
  progress: ImportProgressEvent | null;
  begin(): void;
  end(): void;
  uploading(sent: number, size: number): void;
} {
  const [progress, setProgress] = useState<ImportProgressEvent | null>(null);
  const listening = useRef(false);
  useApiEvent('import.progress', (event) => {
    if (listening.current) setProgress(event);
  });
  const begin = useCallback(() => {
    listening.current = true;
    setProgress(null);
  }, []);
  const end = useCallback(() => {
    listening.current = false;
  }, []);
  const uploading = useCallback((sent: number, size: number) => {
    setProgress({ importId: null, phase: 'uploading', done: sent, total: size });
  }, []);
  return { progress, begin, end, uploading };
}

/** A determinate bar once the engine knows the row count; the phase is announced, not every tick. */
export function ImportProgress({ progress }: { progress: ImportProgressEvent | null }) {
  const { t, i18n } = useTranslation();
  const phase = progress?.phase ?? 'reading';
  const percent = progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
  // Bytes are shown in megabytes with one decimal; rows as counts.
  const amount = (n: number) =>
    phase === 'uploading'
      ? (n / (1024 * 1024)).toLocaleString(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
      : formatCount(n, i18n.language);
  const detail = t(`importWizard.progress.${phase}`, {
    done: amount(progress?.done ?? 0),
    total: amount(progress?.total ?? 0),
  });
  return (
    <Stack gap={4} data-testid="import-progress">
      <Progress.Root
        size="lg"
        role="progressbar"
        aria-label={t('importWizard.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={detail}
      >
        <Progress.Section value={percent ?? 100} animated={percent === null} withAria={false} />
      </Progress.Root>
      <Text size="sm">{detail}</Text>
      <VisuallyHidden role="status">{t(`importWizard.phase.${phase}`)}</VisuallyHidden>
    </Stack>
  );
}
