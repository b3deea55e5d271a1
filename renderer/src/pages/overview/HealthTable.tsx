import { Badge, Group, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HealthItem } from '@contract';
import { formatDateTime } from '../../i18n/format';

const LOOK = {
  ok: { color: 'teal', Icon: IconCircleCheck },
  warn: { color: 'orange', Icon: IconAlertTriangle },
  error: { color: 'red', Icon: IconCircleX },
} as const;

/**
 * The engine's words for a situation, in the console's language when it knows the code
 * (`overview.health.codes.<code>`), else as the engine said them.
 */
export function healthTexts(
  t: TFunction,
  exists: (key: string) => boolean,
  item: HealthItem,
  language: string,
): { detail: string; action: string | null } {
  // Codes arrive at run time; the typed t() cannot know them in advance.
  const say = t as unknown as (key: string) => string;
  const base = `overview.health.codes.${item.code.replace(/[^a-z0-9_]/gi, '_')}`;
  // The engine's own sentence may hold an instant (the last backup): shown as a local time.
  const engineDetail = item.detail.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/g, (iso) => formatDateTime(iso, language));
  const detail = exists(`${base}.detail`) ? say(`${base}.detail`) : engineDetail;
  const action = item.state === 'ok' ? null : exists(`${base}.action`) ? say(`${base}.action`) : item.action;
  return { detail, action };
}

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
