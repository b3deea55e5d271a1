import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, createRef } from 'react';
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
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('errors.title')}>
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
export class ErrorBoundary extends Component<Props, { failed: boolean; attempt: object }> {
  override state = { failed: false, attempt: {} };
  /** Where focus goes after "Försök igen": the button is gone, and focus must not fall to the page's start. */
  private readonly frame = createRef<HTMLDivElement>();

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidUpdate(_: Props, before: { failed: boolean }): void {
    // A page's own heading takes focus after this (arrival focus); a part of a page keeps it here.
    if (before.failed && !this.state.failed) this.frame.current?.focus();
  }

  override render(): ReactNode {
    if (!this.state.failed) {
      return (
        <div ref={this.frame} tabIndex={-1} style={{ outline: 'none' }}>
          <RetryAttempt.Provider value={this.state.attempt}>{this.props.children}</RetryAttempt.Provider>
        </div>
      );
    }
    return <Fallback message={this.props.message} onRetry={() => this.setState({ failed: false, attempt: {} })} />;
  }
}
