import { describe, expect, it } from 'vitest';
import type { AlertCounters, RecipientRow } from '@contract';
import { GROUP_PAGE, mergeGroup, shownGroups } from './board-groups';

const row = (id: number, state: RecipientRow['state']): RecipientRow => ({ id, contactId: id, name: `Person ${id}`, state, confirmedVia: null, attempts: 1, last: null });

const counters = (c: Partial<AlertCounters>): AlertCounters => ({
  recipients: 0,
  pending: 0,
  unreached: 0,
  canceled: 0,
  queued: 0,
  dialling: 0,
  ringing: 0,
  answered: 0,
  confirmed: 0,
  declined: 0,
  failed: 0,
  inDoubt: 0,
  smsSent: 0,
  ...c,
});

describe('the status board groups', () => {
  it('always shows Bekräftade, Väntar and Nåddes inte; Avböjde and Avbrutna once someone is there', () => {
    expect(shownGroups(counters({ pending: 3 }))).toEqual(['confirmed', 'pending', 'unreached']);
    expect(shownGroups(counters({ canceled: 2, declined: 1 }))).toEqual(['confirmed', 'pending', 'unreached', 'declined', 'canceled']);
  });

  it('a person who changes group leaves one page and joins the other, in call-out order', () => {
    const waiting = { offset: 0, rows: [row(1, 'pending'), row(2, 'pending'), row(3, 'pending')] };
    const confirmed = { offset: 0, rows: [row(5, 'confirmed')] };
    const changed = [row(2, 'confirmed')];
    expect(mergeGroup(waiting, 'pending', changed, 2)).toEqual({ page: { offset: 0, rows: [row(1, 'pending'), row(3, 'pending')] }, reload: false });
    expect(mergeGroup(confirmed, 'confirmed', changed, 2)).toEqual({ page: { offset: 0, rows: [row(2, 'confirmed'), row(5, 'confirmed')] }, reload: false });
  });

  it('a row that stays in its group is replaced in place', () => {
    const page = { offset: 0, rows: [row(1, 'pending'), row(2, 'pending')] };
    const rang = { ...row(2, 'pending'), attempts: 2 };
    expect(mergeGroup(page, 'pending', [rang], 2).page.rows[1]).toEqual(rang);
  });

  it('a hole in a full page that a later page would fill asks for a reload; a cancel of everyone empties the page', () => {
    const full = { offset: 0, rows: Array.from({ length: GROUP_PAGE }, (_, i) => row(i + 1, 'pending')) };
    expect(mergeGroup(full, 'pending', [row(1, 'confirmed')], GROUP_PAGE + 10).reload).toBe(true);
    const everyone = full.rows.map((r) => ({ ...r, state: 'canceled' as const }));
    expect(mergeGroup(full, 'pending', everyone, 0)).toEqual({ page: { offset: 0, rows: [] }, reload: false });
    expect(mergeGroup({ offset: 0, rows: [] }, 'canceled', everyone, GROUP_PAGE).page.rows).toHaveLength(GROUP_PAGE);
  });
});
