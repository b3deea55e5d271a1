import { Badge } from '@mantine/core';
import { IconPlugConnected, IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useConnectionState } from '../api/ApiProvider';

/** Connected / reconnecting, announced politely: an operator must know when the engine is away. */
export function ConnectionIndicator() {
  const { t } = useTranslation();
  const state = useConnectionState();
  const connected = state === 'connected';
  return (
    <Badge
      role="status"
      aria-live="polite"
      title={t('connection.label')}
      data-testid="connection-status"
      data-state={state}
      color={connected ? 'teal' : 'orange'}
      variant="light"
      size="lg"
      radius="sm"
      tt="none"
      leftSection={connected ? <IconPlugConnected size={16} aria-hidden /> : <IconPlugConnectedX size={16} aria-hidden />}
    >
      {connected ? t('connection.connected') : t('connection.reconnecting')}
    </Badge>
  );
}
