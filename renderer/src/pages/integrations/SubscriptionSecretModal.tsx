import { Alert, Button, CopyButton, Group, Modal, Stack, TextInput, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconCopy, IconEyeExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The new subscription's signing secret (`whsec_…`), shown this once. */
export function SubscriptionSecretModal({ name, secret, onClose }: { name: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('integrations.webhooksOut.createdTitle', { name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      closeOnClickOutside={false}
      size="lg"
    >
      <Stack>
        <Alert color="orange" variant="light" icon={<IconEyeExclamation aria-hidden />} title={t('integrations.webhooksOut.shownOnce')}>
          {t('integrations.webhooksOut.shownOnceText')}
        </Alert>
        <TextInput
          label={t('integrations.webhooksOut.secretLabel')}
          value={secret}
          readOnly
          spellCheck={false}
          ff="monospace"
          onFocus={(e) => e.currentTarget.select()}
          data-autofocus
        />
        <Group justify="flex-end">
          <CopyButton value={secret} timeout={3000}>
            {({ copied, copy }) => (
              <>
                <VisuallyHidden role="status">{copied ? t('integrations.webhooksOut.copied') : ''}</VisuallyHidden>
                <Button
                  variant="light"
                  color={copied ? 'teal' : undefined}
                  leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                  onClick={copy}
                >
                  {copied ? t('integrations.webhooksOut.copied') : t('integrations.webhooksOut.copy')}
                </Button>
              </>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('integrations.webhooksOut.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
