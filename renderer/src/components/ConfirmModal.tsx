import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

interface Props {
  title: string;
  text: string;
  confirmLabel: string;
  /** When "Avbryt" would be ambiguous (cancelling an alert): say what not confirming means. */
  cancelLabel?: string;
  /** Red by default; a consequential but not destructive step (a resend) says so in another colour. */
  confirmColor?: string;
  /** Throws to keep the dialog open and show why. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** A destructive step asks first; Cancel has focus so Enter does not destroy by accident. */
export function ConfirmModal({ title, text, confirmLabel, cancelLabel, confirmColor = 'red', onConfirm, onClose }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function confirm(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <ErrorAlert error={error} />
        <Text>{text}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {cancelLabel ?? t('common.cancel')}
          </Button>
          <Button color={confirmColor} loading={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
