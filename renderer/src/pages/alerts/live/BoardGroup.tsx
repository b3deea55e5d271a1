import { Button, Group, Table, Text } from '@mantine/core';
import { IconCircleCheck, IconCircleMinus, IconCircleX, IconClockHour4, IconHandStop } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecipientRow } from '@contract';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatCount } from '../../../i18n/format';
import { GROUP_PAGE, type RecipientState } from './board-groups';
import { useRecipientGroup } from './use-live-alert';

/** An icon beside each group's name: the words say it, the icon only helps the eye. */
const ICONS: Record<RecipientState, ReactNode> = {
  confirmed: <IconCircleCheck size={18} aria-hidden />,
  pending: <IconClockHour4 size={18} aria-hidden />,
  unreached: <IconCircleX size={18} aria-hidden />,
  declined: <IconHandStop size={18} aria-hidden />,
  canceled: <IconCircleMinus size={18} aria-hidden />,
};

export const BOARD_COLUMNS = 7;

interface Props {
  alertId: number;
  state: RecipientState;
  total: number;
  /** Exposes the group's reload, for a decision made on one of its rows. */
  renderRow: (row: RecipientRow, reload: () => void) => ReactNode;
}

/**
 * One group of the board as a row group of the one table: its heading row (name and count),
 * its people a page at a time, and the page's range when there is more than one.
 */
export function BoardGroup({ alertId, state, total, renderRow }: Props) {
  const { t, i18n } = useTranslation();
  const { page, offset, setOffset } = useRecipientGroup(alertId, state, total);
  const rows = page.data?.rows ?? [];
  const fmt = (n: number) => formatCount(n, i18n.language);
  const headingId = `alert-${alertId}-group-${state}`;

  return (
    <Table.Tbody data-group={state}>
      <Table.Tr className="gdial-board-group">
        <Table.Th scope="rowgroup" colSpan={BOARD_COLUMNS} id={headingId}>
          <Group gap={6} wrap="nowrap">
            {ICONS[state]}
            <span>{t(`board.groups.${state}`)}</span>
            <Text span fw={700} data-testid={`counter-${state}`}>
              {fmt(total)}
            </Text>
            {total === 0 ? (
              <Text span size="sm" c="dimmed" fw={400}>
                {t('board.nobody')}
              </Text>
            ) : null}
          </Group>
        </Table.Th>
      </Table.Tr>
      {page.error ? (
        <Table.Tr>
          <Table.Td colSpan={BOARD_COLUMNS}>
            <ErrorAlert error={page.error} />
          </Table.Td>
        </Table.Tr>
      ) : null}
      {rows.map((r) => renderRow(r, page.reload))}
      {total > GROUP_PAGE ? (
        <Table.Tr>
          <Table.Td colSpan={BOARD_COLUMNS}>
            <Group gap="sm">
              <Text size="sm" role="status" data-testid={`recipient-range-${state}`}>
                {t('alerts.live.range', { from: fmt(offset + 1), to: fmt(offset + rows.length), total: fmt(total) })}
              </Text>
              <Button size="compact-sm" variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - GROUP_PAGE))}>
                {t('alerts.live.previous')}
              </Button>
              <Button size="compact-sm" variant="default" disabled={offset + GROUP_PAGE >= total} onClick={() => setOffset(offset + GROUP_PAGE)}>
                {t('alerts.live.next')}
              </Button>
            </Group>
          </Table.Td>
        </Table.Tr>
      ) : null}
    </Table.Tbody>
  );
}
