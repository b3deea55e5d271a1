import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RetryAttempt } from './lazy-with-retry';

interface Props {
  /** What failed, in the console's words ("Sidan kunde inte visas."). */
  message: string;
  children: ReactNode;
}

function Fallback({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert role="alert" color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('errors.title')}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        <Button variant="default" size="sm" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

/**
 * Keeps a failure inside one part of the console: without it, React unmounts everything on a
 * render error, and the operator is left with a blank window (no menu, no connection status).
 * React itself still reports the caught error on the browser console.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean; attempt: number }> {
  override state = { failed: false, attempt: 0 };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return <RetryAttempt.Provider value={this.state.attempt}>{this.props.children}</RetryAttempt.Provider>;
    return <Fallback message={this.props.message} onRetry={() => this.setState((s) => ({ failed: false, attempt: s.attempt + 1 }))} />;
  }
}
