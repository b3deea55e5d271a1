import { Text } from '@mantine/core';

/** Placeholder until this panel is built. */
export function ApiDocsPanel() {
  return <Text c="dimmed">…</Text>;
}
