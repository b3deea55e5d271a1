import { ActionIcon, Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { IconPencil, IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Schedule } from '@contract';
import { formatDateTime, formatRunTime, localTimeZone } from '../../i18n/format';
import { DrillBadge } from '../alerts/AlertBadges';
import { alertHref } from '../alerts/alert-href';
import { ruleText, runOutcomeText } from './rule-text';
import { editScheduleHref } from './schedule-href';

interface Props {
  schedules: Schedule[];
  canEdit: boolean;
  busyId: number | null;
  onPause: (s: Schedule, paused: boolean) => void;
  onDelete: (s: Schedule) => void;
}

const NEXT_SHOWN = 3;

/** Every schedule: its rule in words, the next runs in this computer's time, paused or not, how the last run went. */
export function ScheduleTable({ schedules, canEdit, busyId, onPause, onDelete }: Props) {
  const { t, i18n } = useTranslation();
  const here = localTimeZone();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped aria-label={t('schedules.tableLabel')} data-testid="schedule-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('schedules.columns.name')}</Table.Th>
            <Table.Th scope="col">{t('schedules.columns.rule')}</Table.Th>
            <Table.Th scope="col">{t('schedules.columns.next', { zone: here })}</Table.Th>
            <Table.Th scope="col">{t('schedules.columns.state')}</Table.Th>
            <Table.Th scope="col">{t('schedules.columns.lastRun')}</Table.Th>
            {canEdit ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schedules.map((s) => (
            <Table.Tr key={s.id} data-schedule-id={s.id}>
              <Table.Th scope="row" fw={500}>
                <Group gap="xs">
                  {s.name}
                  {s.draft.drill ? <DrillBadge /> : null}
                </Group>
              </Table.Th>
              <Table.Td data-testid="schedule-rule">{ruleText(t, s.rule, i18n.language)}</Table.Td>
              <Table.Td miw="17rem">
                {s.paused ? (
                  <Text size="sm" c="dimmed">
                    {t('schedules.noRunsPaused')}
                  </Text>
                ) : s.nextRuns.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('schedules.noRuns')}
                  </Text>
                ) : (
                  <Stack gap={0} component="ul" className="gdial-plain-list" data-testid="schedule-next-runs">
                    {s.nextRuns.slice(0, NEXT_SHOWN).map((iso) => (
                      <Text component="li" key={iso} size="sm" data-at={iso}>
                        {formatRunTime(iso, i18n.language)}
                      </Text>
                    ))}
                  </Stack>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Badge variant="light" color={s.paused ? 'gray' : 'teal'} tt="none" miw="max-content" data-testid="schedule-state">
                  {s.paused ? t('schedules.paused') : t('schedules.active')}
                </Badge>
              </Table.Td>
              <Table.Td>
                {s.lastRun ? (
                  <Stack gap={0}>
                    <Text size="sm">{runOutcomeText(t, s.lastRun.outcome)}</Text>
                    <Text size="sm" c="dimmed">
                      {formatDateTime(s.lastRun.dueAt, i18n.language)}
                    </Text>
                    {s.lastRun.alertId ? (
                      <Anchor href={alertHref(s.lastRun.alertId)} size="sm">
                        {t('schedules.openAlert')}
                      </Anchor>
                    ) : null}
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('common.never')}
                  </Text>
                )}
              </Table.Td>
              {canEdit ? (
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon component="a" href={editScheduleHref(s.id)} variant="subtle" aria-label={t('schedules.edit', { name: s.name })}>
                      <IconPencil size={18} aria-hidden />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      loading={busyId === s.id}
                      aria-label={t(s.paused ? 'schedules.resume' : 'schedules.pause', { name: s.name })}
                      onClick={() => onPause(s, !s.paused)}
                    >
                      {s.paused ? <IconPlayerPlay size={18} aria-hidden /> : <IconPlayerPause size={18} aria-hidden />}
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="red" aria-label={t('schedules.remove', { name: s.name })} onClick={() => onDelete(s)}>
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Group>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
