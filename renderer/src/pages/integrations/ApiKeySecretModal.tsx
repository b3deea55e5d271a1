import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconCopy, IconEyeExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The new key, shown this once: GDial keeps only its hash. */
export function ApiKeySecretModal({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('integrations.api.keys.createdTitle', { name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      closeOnClickOutside={false}
      size="lg"
    >
      <Stack>
        <Alert color="orange" variant="light" icon={<IconEyeExclamation aria-hidden />} title={t('integrations.api.keys.shownOnce')}>
          {t('integrations.api.keys.shownOnceText')}
        </Alert>
        <TextInput
          label={t('integrations.api.keys.secretLabel')}
          value={secret}
          readOnly
          spellCheck={false}
          ff="monospace"
          onFocus={(e) => e.currentTarget.select()}
          data-autofocus
        />
        <Text size="sm" c="dimmed">
          {t('integrations.api.keys.usage')}
        </Text>
        <Group justify="flex-end">
          <CopyButton value={secret} timeout={3000}>
            {({ copied, copy }) => (
              <>
                <VisuallyHidden role="status">{copied ? t('integrations.api.keys.copied') : ''}</VisuallyHidden>
                <Button
                variant="light"
                color={copied ? 'teal' : undefined}
                leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                onClick={copy}
              >
                {copied ? t('integrations.api.keys.copied') : t('integrations.api.keys.copy')}
                </Button>
              </>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('integrations.api.keys.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
