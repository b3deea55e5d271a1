import { Badge, Group, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { HealthItem } from '@contract';
import { healthTexts } from './health-texts';

const LOOK = {
  ok: { color: 'teal', Icon: IconCircleCheck },
  warn: { color: 'orange', Icon: IconAlertTriangle },
  error: { color: 'red', Icon: IconCircleX },
} as const;

/** Carrier, uplink, tunnel, speech and backup: each with its state in words and an icon, and what to do. */
export function HealthTable({ health }: { health: HealthItem[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder aria-label={t('overview.health.label')} data-testid="overview-health">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('overview.health.part')}</Table.Th>
            <Table.Th scope="col">{t('overview.health.state')}</Table.Th>
            <Table.Th scope="col">{t('overview.health.detail')}</Table.Th>
            <Table.Th scope="col">{t('overview.health.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {health.map((item) => {
            const { color, Icon } = LOOK[item.state];
            const words = healthTexts(t, (k) => i18n.exists(k), item, i18n.language);
            return (
              <Table.Tr key={item.key} data-testid={`health-${item.key}`} data-state={item.state}>
                <Table.Th scope="row" fw={600}>
                  {t(`overview.health.keys.${item.key}`)}
                </Table.Th>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge variant="light" color={color} tt="none" leftSection={<Icon size={14} aria-hidden />} miw="max-content">
                    {t(`overview.health.states.${item.state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{words.detail}</Text>
                </Table.Td>
                <Table.Td>
                  {words.action ? (
                    <Group gap={4} wrap="nowrap" align="flex-start">
                      <Text size="sm" fw={500}>
                        {words.action}
                      </Text>
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('overview.health.nothingToDo')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
