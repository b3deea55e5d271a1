import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconCopy, IconEyeExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The words of one kind of secret (an API key, a signing secret), in the reader's language. */
export interface SecretTexts {
  title: string;
  shownOnce: string;
  shownOnceText: string;
  label: string;
  copy: string;
  copied: string;
  done: string;
  /** How to use it, under the secret (optional). */
  usage?: string;
}

/** A new secret, shown this once: GDial keeps only what it needs (a key's hash), never shows it again. */
export function SecretShownOnceModal({ secret, texts, onClose }: { secret: string; texts: SecretTexts; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={texts.title} closeButtonProps={{ 'aria-label': t('common.close') }} closeOnClickOutside={false} size="lg">
      <Stack>
        <Alert color="orange" variant="light" icon={<IconEyeExclamation aria-hidden />} title={texts.shownOnce}>
          {texts.shownOnceText}
        </Alert>
        <TextInput label={texts.label} value={secret} readOnly spellCheck={false} ff="monospace" onFocus={(e) => e.currentTarget.select()} data-autofocus />
        {texts.usage ? (
          <Text size="sm" c="dimmed">
            {texts.usage}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <CopyButton value={secret} timeout={3000}>
            {({ copied, copy }) => (
              <>
                <VisuallyHidden role="status">{copied ? texts.copied : ''}</VisuallyHidden>
                <Button
                  variant="light"
                  color={copied ? 'teal' : undefined}
                  leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                  onClick={copy}
                >
                  {copied ? texts.copied : texts.copy}
                </Button>
              </>
            )}
          </CopyButton>
          <Button onClick={onClose}>{texts.done}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
