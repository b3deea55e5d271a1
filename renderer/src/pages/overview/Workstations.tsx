import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { useCluster } from '../../shell/cluster/cluster-context';
import { CLUSTER_PART, lastTakeoverText } from '../../shell/cluster/cluster-texts';

const HEADING_ID = 'overview-workstations';

/**
 * Driftläge's workstations when several share the database: each one's name, whether it leads
 * or stands by and since when, this one marked, and the last takeover. Nothing on SQLite (one
 * engine, the header says nothing either).
 */
export function Workstations() {
  const { t, i18n } = useTranslation();
  const { status } = useCluster();
  if (!status?.multiple) return null;
  return (
    <Stack gap="xs" mt="sm" data-testid="workstations">
      <Title order={3} size="h4" id={HEADING_ID}>
        {t('cluster.workstations.heading')}
      </Title>
      <Text size="sm">{t('cluster.workstations.intro')}</Text>
      {status.nodes.length === 0 ? (
        <Text size="sm">{t('cluster.workstations.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table withTableBorder aria-labelledby={HEADING_ID} data-testid="workstation-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('cluster.workstations.name')}</Table.Th>
                <Table.Th scope="col">{t('cluster.workstations.role')}</Table.Th>
                <Table.Th scope="col">{t('cluster.workstations.since')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.nodes.map((node) => (
                <Table.Tr key={node.id} data-testid="workstation-row" data-role={node.role} data-self={node.self}>
                  <Table.Th scope="row" fw={600}>
                    {node.name}
                    {node.self ? ` ${t('cluster.workstations.self')}` : ''}
                  </Table.Th>
                  <Table.Td>
                    <Badge variant="light" color={CLUSTER_PART[node.role].color} tt="none" miw="max-content">
                      {t(`cluster.workstations.roles.${node.role}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(node.since, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="sm" data-testid="last-takeover">
        {lastTakeoverText(t, status.lastTakeover, i18n.language)}
      </Text>
    </Stack>
  );
}
