import { Text } from '@mantine/core';

/** Placeholder until this panel is built. */
export function SourcesPanel() {
  return <Text c="dimmed">…</Text>;
}
