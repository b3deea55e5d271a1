import { Text } from '@mantine/core';

/** Placeholder until this panel is built. */
export function ProposalsPanel() {
  return <Text c="dimmed">…</Text>;
}
