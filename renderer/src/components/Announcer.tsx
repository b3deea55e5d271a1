import { VisuallyHidden } from '@mantine/core';

/**
 * A polite live region for results a sighted user sees happen (a row moved, a search finished).
 * Always mounted, so a screen reader notices when its text changes.
 */
export function Announcer({ message }: { message: string }) {
  return (
    <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
      {message}
    </VisuallyHidden>
  );
}
