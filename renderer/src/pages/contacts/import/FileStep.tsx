import { Autocomplete, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatBytes } from '../../../i18n/format';
import { ImportProgress } from './ImportProgress';
import type { ImportProgressEvent } from './ImportProgress';
import { StepHeading } from '../../../components/StepHeading';

interface Props {
  file: File | null;
  onFile: (file: File) => void;
  targetGroup: string;
  onTargetGroup: (name: string) => void;
  groupNames: string[];
  busy: boolean;
  progress: ImportProgressEvent | null;
  error: unknown;
  onRead: () => void;
  /** Back from a later step: the heading takes focus. */
  returning: boolean;
}

const ACCEPT = '.csv,.txt,.vcf,text/csv,text/plain,text/vcard,text/x-vcard';

/** Step 1: a file by drop or by the button (the keyboard way), and an optional group for all. */
export function FileStep({ file, onFile, targetGroup, onTargetGroup, groupNames, busy, progress, error, onRead, returning }: Props) {
  const { t, i18n } = useTranslation();
  const [over, setOver] = useState(false);
  return (
    <Stack>
      <StepHeading first={!returning}>{t('importWizard.fileHeading')}</StepHeading>
      <Text size="sm">{t('importWizard.fileIntro')}</Text>
      <div
        className="gdial-dropzone"
        data-over={over || undefined}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const dropped = e.dataTransfer.files[0];
          if (dropped) onFile(dropped);
        }}
      >
        <Stack align="center" gap="xs">
          <IconFileUpload size={32} aria-hidden />
          <Text>{t('importWizard.dropZone')}</Text>
          <FileButton onChange={(f) => f && onFile(f)} accept={ACCEPT} disabled={busy}>
            {(props) => (
              <Button {...props} variant="default" data-autofocus>
                {t('importWizard.pick')}
              </Button>
            )}
          </FileButton>
          <Text role="status" size="sm" fw={file ? 600 : undefined}>
            {file ? t('importWizard.chosen', { name: file.name, size: formatBytes(file.size, i18n.language) }) : ''}
          </Text>
        </Stack>
      </div>
      <Autocomplete
        label={t('importWizard.targetGroup')}
        description={t('importWizard.targetGroupHint')}
        value={targetGroup}
        onChange={onTargetGroup}
        data={groupNames}
        maxLength={120}
        disabled={busy}
      />
      <ErrorAlert error={error} />
      {busy ? <ImportProgress progress={progress} /> : null}
      <Group justify="flex-end">
        <Button onClick={onRead} disabled={!file} loading={busy}>
          {t('importWizard.read')}
        </Button>
      </Group>
    </Stack>
  );
}
