import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertView, RecipientRow } from '@contract';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { useReturnFocus } from '../../../components/use-return-focus';
import { formatCount, formatTime } from '../../../i18n/format';
import { attemptStateText } from '../alert-text';
import { afterDecision, inDoubtAttempt } from './follow-up';
import { InDoubtDecision } from './InDoubtDecision';
import { RecipientTimeline } from './RecipientTimeline';
import { RECIPIENT_PAGE, useRecipientPage } from './use-live-alert';
import type { RecipientState } from './use-live-alert';

const FILTERS: RecipientState[] = ['pending', 'confirmed', 'declined', 'unreached', 'canceled'];

interface Props {
  alertId: number;
  /** Operators answer "Ring igen?" for attempts in doubt; viewers see the status only. */
  canDecide: boolean;
  /** The engine's alert after a decision (its counters), and what to announce. */
  onDecided: (next: AlertView, announcement: string) => void;
}

/**
 * Every recipient of the alert, a page at a time, with their outcome and their latest attempt.
 * A real table: the row count and each row's place in the whole list are announced.
 */
export function RecipientTable({ alertId, canDecide, onDecided }: Props) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<RecipientState | null>(null);
  const [offset, setOffset] = useState(0);
  const page = useRecipientPage(alertId, filter, offset);
  const total = page.data?.total ?? 0;
  const rows = page.data?.rows ?? [];
  const fmt = (n: number) => formatCount(n, i18n.language);
  const [timelineOf, setTimelineOf] = useState<RecipientRow | null>(null);
  const focus = useReturnFocus();

  const nameId = (r: RecipientRow) => `alert-${alertId}-recipient-${r.id}`;
  const openId = (r: RecipientRow) => `${nameId(r)}-open`;
  const hintId = `alert-${alertId}-timeline-hint`;

  function openTimeline(r: RecipientRow): void {
    // Also after a mouse click elsewhere on the row, focus returns to the row's button on close:
    // the keyboard user continues from the person they looked at.
    document.getElementById(openId(r))?.focus();
    focus.remember();
    setTimelineOf(r);
  }

  function closeTimeline(): void {
    const r = timelineOf;
    setTimelineOf(null);
    focus.restore(() => (r ? document.getElementById(openId(r)) : null));
  }

  function decided(r: RecipientRow, attemptId: number, redial: boolean, next: AlertView): void {
    const channel = r.last?.channel ?? 'voice';
    const at = new Date().toISOString();
    page.setData((current) => current && { ...current, rows: current.rows.map((x) => (x.id === r.id ? afterDecision(x, attemptId, redial, at) : x)) });
    // The engine's own row (its error text, the person's outcome) replaces the guess.
    page.reload();
    onDecided(next, t(redial ? `alerts.inDoubt.redialed.${channel}` : `alerts.inDoubt.left.${channel}`, { name: r.name }));
    // The buttons are gone with the question: keep the keyboard user on this row.
    setTimeout(() => document.getElementById(nameId(r))?.focus(), 0);
  }

  function outcome(r: RecipientRow): string {
    const text = t(`alerts.recipientStates.${r.state}`);
    return r.state === 'confirmed' && r.confirmedVia ? t('alerts.live.confirmedVia', { outcome: text, channel: t(`alerts.channels.${r.confirmedVia}`) }) : text;
  }

  function decision(r: RecipientRow) {
    const attempt = canDecide ? inDoubtAttempt(r) : null;
    if (!attempt) return null;
    return (
      <InDoubtDecision
        row={r}
        attempt={attempt}
        nameId={nameId(r)}
        onDecided={(redial, next) => decided(r, attempt.attemptId, redial, next)}
        onStale={page.reload}
      />
    );
  }

  return (
    <Stack gap="sm">
      <Group align="flex-end" justify="space-between" wrap="wrap">
        <NativeSelect
          label={t('alerts.live.filter')}
          value={filter ?? ''}
          onChange={(e) => {
            setFilter((e.currentTarget.value || null) as RecipientState | null);
            setOffset(0);
          }}
          data={[{ value: '', label: t('alerts.live.allRecipients') }, ...FILTERS.map((f) => ({ value: f, label: t(`alerts.recipientStates.${f}`) }))]}
        />
        <Text role="status" size="sm" data-testid="recipient-range">
          {page.data
            ? total === 0
              ? t('alerts.live.noRecipients')
              : t('alerts.live.range', { from: fmt(offset + 1), to: fmt(offset + rows.length), total: fmt(total) })
            : ''}
        </Text>
      </Group>
      <ErrorAlert error={page.error} />
      {page.loading && !page.data ? <Loading /> : null}
      {rows.length > 0 ? (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label={t('alerts.live.tableLabel')} aria-rowcount={total + 1} data-testid="recipient-table">
            <Table.Thead>
              <Table.Tr aria-rowindex={1}>
                <Table.Th scope="col">{t('alerts.live.columns.name')}</Table.Th>
                <Table.Th scope="col">{t('alerts.live.columns.outcome')}</Table.Th>
                <Table.Th scope="col">{t('alerts.live.columns.channel')}</Table.Th>
                <Table.Th scope="col">{t('alerts.live.columns.number')}</Table.Th>
                <Table.Th scope="col">{t('alerts.live.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('alerts.live.columns.time')}</Table.Th>
                <Table.Th scope="col">{t('alerts.live.columns.attempts')}</Table.Th>
                <Table.Th scope="col">{t('alerts.live.columns.error')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr
                  key={r.id}
                  aria-rowindex={offset + i + 2}
                  data-recipient-state={r.state}
                  data-attempt-state={r.last?.state}
                  className="gdial-clickable-row"
                  onClick={(e) => {
                    // The row's own controls (the name button, "Ring igen?") do their own thing.
                    if (!(e.target as HTMLElement).closest('button, a, input, select, textarea')) openTimeline(r);
                  }}
                >
                  <Table.Th scope="row" fw={500} id={nameId(r)} tabIndex={-1}>
                    <Anchor
                      component="button"
                      type="button"
                      id={openId(r)}
                      fw={500}
                      ta="start"
                      aria-haspopup="dialog"
                      aria-describedby={hintId}
                      onClick={() => openTimeline(r)}
                    >
                      {r.name}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{outcome(r)}</Table.Td>
                  <Table.Td>{r.last ? t(`alerts.channels.${r.last.channel}`) : ''}</Table.Td>
                  <Table.Td className="gdial-number">{r.last?.e164 ?? ''}</Table.Td>
                  <Table.Td>
                    {r.last ? attemptStateText(t, r.last.state) : t('alerts.live.noAttempt')}
                    {decision(r)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(r.last?.at, i18n.language)}</Table.Td>
                  <Table.Td ta="right">{fmt(r.attempts)}</Table.Td>
                  <Table.Td>{r.last?.error ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <VisuallyHidden id={hintId}>{t('timeline.open')}</VisuallyHidden>
      {timelineOf ? <RecipientTimeline alertId={alertId} recipientId={timelineOf.id} name={timelineOf.name} onClose={closeTimeline} /> : null}
      {total > RECIPIENT_PAGE ? (
        <Group>
          <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - RECIPIENT_PAGE))}>
            {t('alerts.live.previous')}
          </Button>
          <Button variant="default" disabled={offset + RECIPIENT_PAGE >= total} onClick={() => setOffset(offset + RECIPIENT_PAGE)}>
            {t('alerts.live.next')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
