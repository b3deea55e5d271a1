import { Text } from '@mantine/core';

/** Placeholder until this panel is built. */
export function TriggerRulesPanel() {
  return <Text c="dimmed">…</Text>;
}
