import { Badge } from '@mantine/core';
import type { Alert } from '@contract';
import { useTranslation } from 'react-i18next';

type AlertState = Alert['state'];

const COLORS: Record<AlertState, string> = {
  pending_approval: 'yellow',
  queued: 'blue',
  running: 'blue',
  completed: 'teal',
  canceled: 'red',
  expired: 'gray',
};

/** The alert's state in words; colour only repeats what the text says. */
export function AlertStateBadge({ state, size = 'md' }: { state: AlertState; size?: 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLORS[state]} tt="none" size={size} miw="max-content" data-testid="alert-state">
      {t(`alerts.states.${state}`)}
    </Badge>
  );
}

/** "ÖVNING": a drill must never be mistaken for the real thing, nor the other way round. */
export function DrillBadge({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="orange" size={size} miw="max-content" data-testid="drill-badge">
      {t('alerts.drillBadge')}
    </Badge>
  );
}

export function isActive(state: AlertState): boolean {
  return state === 'pending_approval' || state === 'queued' || state === 'running';
}
