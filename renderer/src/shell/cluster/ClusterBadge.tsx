import { Badge, VisuallyHidden } from '@mantine/core';
import { IconServer, IconServerBolt } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCluster } from './cluster-context';
import { CLUSTER_PART, headerRole } from './cluster-texts';

/**
 * This workstation's part when several share the database: "Leder · ws-a" or "Reserv · leds av
 * ws-a". Nothing where there is one engine (SQLite). Not a live region: a change of leader is
 * announced once, by the takeover notice.
 */
export function ClusterBadge() {
  const { t } = useTranslation();
  const { status } = useCluster();
  const words = headerRole(t, status);
  if (!status || !words) return null;
  const part = CLUSTER_PART[status.self.role];
  return (
    <Badge
      data-testid="cluster-role"
      data-role={status.self.role}
      title={words.hint}
      color={part.color}
      variant="light"
      size="lg"
      radius="sm"
      tt="none"
      maw={280}
      leftSection={part.leads ? <IconServerBolt size={16} aria-hidden /> : <IconServer size={16} aria-hidden />}
    >
      <VisuallyHidden>{t('cluster.header.prefix')} </VisuallyHidden>
      {words.label}
    </Badge>
  );
}
