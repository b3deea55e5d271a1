import { Anchor, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertCounters, AlertView, RecipientRow } from '@contract';
import { useReturnFocus } from '../../../components/use-return-focus';
import { formatCount, formatTime } from '../../../i18n/format';
import { attemptStateText } from '../alert-text';
import { attemptReasonText } from '../attempt-reason';
import { groupTotal, shownGroups } from './board-groups';
import { BoardGroup } from './BoardGroup';
import { afterDecision, inDoubtAttempt } from './follow-up';
import { InDoubtDecision } from './InDoubtDecision';
import { RecipientTimeline } from './RecipientTimeline';

interface Props {
  alertId: number;
  counters: AlertCounters;
  /** Operators answer "Ring igen?" for attempts in doubt; viewers see the status only. */
  canDecide: boolean;
  /** The engine's alert after a decision (its counters), and what to announce. */
  onDecided: (next: AlertView, announcement: string) => void;
}

/**
 * The people of the alert, grouped by where they stand (Bekräftade, Väntar, Nåddes inte, then
 * Avböjde and Avbrutna once anyone is there), each group a row group of one table with its
 * count in its heading. A row is one line: name, outcome, latest status, number, time,
 * attempts and reason; the name opens the person's timeline.
 */
export function RecipientBoard({ alertId, counters, canDecide, onDecided }: Props) {
  const { t, i18n } = useTranslation();
  const [timelineOf, setTimelineOf] = useState<RecipientRow | null>(null);
  const [decided, setDecided] = useState<Map<number, RecipientRow>>(new Map());
  const focus = useReturnFocus();
  const fmt = (n: number) => formatCount(n, i18n.language);

  const nameId = (r: RecipientRow) => `alert-${alertId}-recipient-${r.id}`;
  const openId = (r: RecipientRow) => `${nameId(r)}-open`;
  const hintId = `alert-${alertId}-timeline-hint`;

  function openTimeline(r: RecipientRow): void {
    // Also after a mouse click elsewhere on the row, focus returns to the row's button on close.
    document.getElementById(openId(r))?.focus();
    focus.remember();
    setTimelineOf(r);
  }

  function closeTimeline(): void {
    const r = timelineOf;
    setTimelineOf(null);
    focus.restore(() => (r ? document.getElementById(openId(r)) : null));
  }

  function decide(r: RecipientRow, attemptId: number, redial: boolean, next: AlertView, reload: () => void): void {
    const channel = r.last?.channel ?? 'voice';
    // Until the engine's own row arrives, the question is not asked twice.
    setDecided((m) => new Map(m).set(r.id, afterDecision(r, attemptId, redial, new Date().toISOString())));
    reload();
    onDecided(next, t(redial ? `alerts.inDoubt.redialed.${channel}` : `alerts.inDoubt.left.${channel}`, { name: r.name }));
    // The buttons are gone with the question: keep the keyboard user on this row.
    setTimeout(() => document.getElementById(nameId(r))?.focus(), 0);
  }

  function outcome(r: RecipientRow): string {
    const text = t(`alerts.recipientStates.${r.state}`);
    return r.state === 'confirmed' && r.confirmedVia ? t('alerts.live.confirmedVia', { outcome: text, channel: t(`alerts.channels.${r.confirmedVia}`) }) : text;
  }

  function renderRow(engineRow: RecipientRow, reload: () => void) {
    const guess = decided.get(engineRow.id);
    // The guess after a decision holds only while the engine still shows the same attempt in doubt.
    const r = guess && engineRow.last?.attemptId === guess.last?.attemptId && engineRow.last?.state === 'in_doubt' ? guess : engineRow;
    const attempt = canDecide ? inDoubtAttempt(r) : null;
    return (
      <Table.Tr
        key={r.id}
        data-recipient-state={r.state}
        data-attempt-state={r.last?.state}
        className="gdial-clickable-row"
        onClick={(e) => {
          // The row's own controls (the name button, "Ring igen?") do their own thing.
          if (!(e.target as HTMLElement).closest('button, a, input, select, textarea')) openTimeline(r);
        }}
      >
        <Table.Th scope="row" fw={500} id={nameId(r)} tabIndex={-1}>
          <Anchor component="button" type="button" id={openId(r)} fw={500} fz="sm" ta="start" aria-haspopup="dialog" aria-describedby={hintId} onClick={() => openTimeline(r)}>
            {r.name}
          </Anchor>
        </Table.Th>
        <Table.Td>{outcome(r)}</Table.Td>
        <Table.Td>
          {r.last ? `${t(`alerts.channels.${r.last.channel}`)} · ${attemptStateText(t, r.last.state)}` : t('alerts.live.noAttempt')}
          {attempt ? (
            <InDoubtDecision row={r} attempt={attempt} nameId={nameId(r)} onDecided={(redial, next) => decide(r, attempt.attemptId, redial, next, reload)} onStale={reload} />
          ) : null}
        </Table.Td>
        <Table.Td className="gdial-number">{r.last?.e164 ?? ''}</Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(r.last?.at, i18n.language)}</Table.Td>
        <Table.Td ta="right">{fmt(r.attempts)}</Table.Td>
        <Table.Td>
          <Text span size="sm">
            {attemptReasonText(t, r.last?.reason)}
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  }

  return (
    <>
      <Table.ScrollContainer minWidth={820} type="native">
        <Table aria-label={t('alerts.live.tableLabel')} data-testid="recipient-table" verticalSpacing={3} fz="sm" className="gdial-board">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('alerts.live.columns.name')}</Table.Th>
              <Table.Th scope="col">{t('alerts.live.columns.outcome')}</Table.Th>
              <Table.Th scope="col">{t('alerts.live.columns.status')}</Table.Th>
              <Table.Th scope="col">{t('alerts.live.columns.number')}</Table.Th>
              <Table.Th scope="col">{t('alerts.live.columns.time')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('alerts.live.columns.attempts')}
              </Table.Th>
              <Table.Th scope="col">{t('alerts.live.columns.error')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          {shownGroups(counters).map((state) => (
            <BoardGroup key={state} alertId={alertId} state={state} total={groupTotal(counters, state)} renderRow={renderRow} />
          ))}
        </Table>
      </Table.ScrollContainer>
      <VisuallyHidden id={hintId}>{t('timeline.open')}</VisuallyHidden>
      {timelineOf ? <RecipientTimeline alertId={alertId} recipientId={timelineOf.id} name={timelineOf.name} onClose={closeTimeline} /> : null}
    </>
  );
}
