import { Text } from '@mantine/core';

/** Placeholder until this panel is built. */
export function ApiKeysPanel() {
  return <Text c="dimmed">…</Text>;
}
