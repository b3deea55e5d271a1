import { Text } from '@mantine/core';

/** Placeholder until this panel is built. */
export function SubscriptionsPanel() {
  return <Text c="dimmed">…</Text>;
}
