/**
 * The trigger tables' store functions on SQLite and PostgreSQL: rules in position order and
 * patched by name, heartbeats upserted per source, proposals found by (sender, id) within a
 * window and by reference (any message recorded with a proposal, one source's only), state moves that say whether they applied, launch marking only an
 * open proposal, a burn's blanking of a proposal's words, the changes other workstations follow,
 * and a forgotten source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends, type OpenedTestStore } from '../../test-support/backends';
import {
  blankProposalsOfAlert,
  countUpdate,
  getProposal,
  insertProposal,
  latestProposalChange,
  listProposals,
  markLaunched,
  messagesOfProposal,
  moveState,
  proposalByReference,
  proposalOfAlarm,
  proposalsChangedSince,
  proposalTextsOfAlert,
  recordMessage,
  replaceAlarm,
  setCancelRequested,
  type NewProposal,
} from './proposals-store';
import { deleteRule, insertRule, listRules, updateRule, type RuleColumns } from './rules-store';
import { deleteSource, listSources, recordHeartbeat } from './sources-store';

const T0 = 1_800_000_000_000;

function proposal(externalId: string, extra: Partial<NewProposal> = {}): NewProposal {
  return {
    format: 'json',
    sourceKey: 'larmcentral',
    sender: 'sos@example.se',
    externalId,
    msgType: 'Alert',
    status: 'Actual',
    event: 'Brand',
    headline: 'Brand i Åby',
    description: 'Rök över industriområdet',
    area: 'Åby',
    severity: 'Severe',
    urgency: 'Immediate',
    ruleId: 1,
    ruleName: 'Brand',
    templateId: 1,
    draft: JSON.stringify({ title: 'Brand i Åby', voiceText: 'Brand', channels: ['voice'], groupIds: [1] }),
    document: '{"id":"x","headline":"Brand i Åby"}',
    ...extra,
  };
}

const rule = (name: string, position: number): RuleColumns => ({
  name,
  enabled: 1,
  position,
  sender: '',
  event: '',
  area: '',
  severities: '[]',
  urgencies: '["Immediate"]',
  textMatch: '',
  templateId: 7,
  launchAtOnce: 0,
});

describe.each(testBackends())('trigger stores on $name', (backend) => {
  let db: OpenedTestStore;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => db?.close());

  it('lists rules by position then age, patches only named columns, deletes', async () => {
    const q = db.store;
    const late = await insertRule(q, rule('Sent', 200), T0);
    const first = await insertRule(q, rule('Först', 10), T0);
    const tie = await insertRule(q, rule('Lika', 200), T0);
    expect((await listRules(q)).map((r) => r.name)).toEqual(['Först', 'Sent', 'Lika']);
    const patched = await updateRule(q, late.id, { position: 5, launchAtOnce: 1 }, T0 + 1);
    expect(patched).toMatchObject({ name: 'Sent', position: 5, urgencies: '["Immediate"]', templateId: 7, updatedAt: T0 + 1, createdAt: T0 });
    expect(Boolean(patched!.launchAtOnce)).toBe(true);
    expect((await listRules(q)).map((r) => r.id)).toEqual([late.id, first.id, tie.id]);
    expect(await updateRule(q, 999_999, { name: 'x' }, T0)).toBeUndefined();
    expect((await deleteRule(q, tie.id))?.name).toBe('Lika');
    expect(await deleteRule(q, tie.id)).toBeUndefined();
  });

  it('upserts one row per source, keeping the last heartbeat and its promised interval', async () => {
    const q = db.store;
    await recordHeartbeat(q, 'larmcentral', 60, T0);
    await recordHeartbeat(q, 'brandlarm', 30, T0);
    await recordHeartbeat(q, 'larmcentral', 120, T0 + 5_000);
    expect(await listSources(q)).toEqual([
      { name: 'brandlarm', lastSeenAt: T0, everySeconds: 30 },
      { name: 'larmcentral', lastSeenAt: T0 + 5_000, everySeconds: 120 },
    ]);
  });

  it('finds an alarm within the window and by reference; state moves and launch marks apply only from the right state', async () => {
    const q = db.store;
    const id = await insertProposal(q, proposal('A-1'), T0);
    const other = await insertProposal(q, proposal('A-2', { sender: 'annan@example.se' }), T0 + 10);
    expect((await proposalOfAlarm(q, 'larmcentral', 'sos@example.se', 'A-1', T0 - 1))?.id).toBe(id);
    expect(await proposalOfAlarm(q, 'larmcentral', 'sos@example.se', 'A-1', T0 + 1)).toBeUndefined(); // outside the window
    expect(await proposalOfAlarm(q, 'larmcentral', 'annan@example.se', 'A-1', 0)).toBeUndefined(); // another sender's id
    expect((await proposalByReference(q, 'larmcentral', [{ sender: 'x', externalId: 'nope' }, { sender: 'annan@example.se', externalId: 'A-2' }]))?.id).toBe(other);
    expect(await proposalByReference(q, 'larmcentral', [])).toBeUndefined();

    expect(await replaceAlarm(q, id, { ...proposal('A-1'), msgType: 'Update', headline: 'Brand i Åby, nu släckt', document: 'u' }, null, T0 + 20)).toBe(true);
    let row = await getProposal(q, id);
    expect(row).toMatchObject({ state: 'open', msgType: 'Update', headline: 'Brand i Åby, nu släckt', draft: null, updates: 1, updatedAt: T0 + 20, receivedAt: T0 });

    expect(await markLaunched(q, id, 42, T0 + 30)).toBe(true);
    expect(await markLaunched(q, id, 43, T0 + 31)).toBe(false); // launched once
    expect(await replaceAlarm(q, id, proposal('A-1'), null, T0 + 32)).toBe(false); // launched: fields kept
    await countUpdate(q, id, T0 + 33);
    await setCancelRequested(q, id, true, T0 + 34);
    row = await getProposal(q, id);
    expect(row).toMatchObject({ state: 'launched', alertId: 42, headline: 'Brand i Åby, nu släckt', updates: 2 });
    expect(Boolean(row!.cancelRequested)).toBe(true);

    expect(await moveState(q, other, ['open'], 'dismissed', T0 + 40)).toBe(true);
    expect(await moveState(q, other, ['open'], 'withdrawn', T0 + 41)).toBe(false);
    expect((await listProposals(q, { state: 'dismissed', limit: 10 })).map((r) => r.id)).toEqual([other]);
    expect((await listProposals(q, { limit: 1 })).map((r) => r.id)).toEqual([other]); // newest first
  });

  it('records every message applied to a proposal and finds the proposal by any of them, within one source only', async () => {
    const q = db.store;
    const first = await insertProposal(q, proposal('M-4711'), T0);
    // The first message is recorded with the proposal; the same message again is kept once.
    expect(await messagesOfProposal(q, first)).toEqual([{ sender: 'sos@example.se', externalId: 'M-4711', msgType: 'Alert' }]);
    await recordMessage(q, first, { sender: 'sos@example.se', externalId: 'M-4712', msgType: 'Update' }, T0 + 10);
    await recordMessage(q, first, { sender: 'sos@example.se', externalId: 'M-4712', msgType: 'Update' }, T0 + 20);
    expect((await messagesOfProposal(q, first)).map((m) => [m.externalId, m.msgType])).toEqual([
      ['M-4711', 'Alert'],
      ['M-4712', 'Update'],
    ]);
    // A Cancel naming only the Update finds the proposal; so does a repeat of the Update (within the window).
    expect((await proposalByReference(q, 'larmcentral', [{ sender: 'sos@example.se', externalId: 'M-4712' }]))?.id).toBe(first);
    expect((await proposalOfAlarm(q, 'larmcentral', 'sos@example.se', 'M-4712', T0 + 5))?.id).toBe(first);
    expect(await proposalOfAlarm(q, 'larmcentral', 'sos@example.se', 'M-4712', T0 + 11)).toBeUndefined();

    // Another source with the same sender and identifier: its own proposal, and never the first source's.
    expect(await proposalByReference(q, 'brandlarm', [{ sender: 'sos@example.se', externalId: 'M-4712' }])).toBeUndefined();
    expect(await proposalOfAlarm(q, 'brandlarm', 'sos@example.se', 'M-4711', 0)).toBeUndefined();
    const theirs = await insertProposal(q, proposal('M-4711', { sourceKey: 'brandlarm' }), T0 + 30);
    expect((await proposalOfAlarm(q, 'brandlarm', 'sos@example.se', 'M-4711', 0))?.id).toBe(theirs);
    expect((await proposalByReference(q, 'larmcentral', [{ sender: 'sos@example.se', externalId: 'M-4711' }]))?.id).toBe(first);
  });

  it("blanks the words of a burned alert's proposals and leaves others alone", async () => {
    const q = db.store;
    const burned = await insertProposal(q, proposal('B-1'), T0);
    const kept = await insertProposal(q, proposal('B-2'), T0);
    await markLaunched(q, burned, 77, T0 + 1);
    await markLaunched(q, kept, 78, T0 + 1);
    expect(await blankProposalsOfAlert(q, 77, T0 + 2)).toEqual([burned]);
    expect(await proposalTextsOfAlert(q, 77)).toEqual([{ headline: '', description: '', area: '', document: '', draft: null }]);
    expect((await proposalTextsOfAlert(q, 78))[0]).toMatchObject({ headline: 'Brand i Åby', description: 'Rök över industriområdet' });
  });

  it('tells the newest change and what changed since, oldest change first (what other workstations follow)', async () => {
    const q = db.store;
    const T1 = T0 + 1_000_000;
    const a = await insertProposal(q, proposal('C-1'), T1);
    const b = await insertProposal(q, proposal('C-2'), T1 + 5);
    await moveState(q, a, ['open'], 'dismissed', T1 + 10);
    expect(await latestProposalChange(q)).toBe(T1 + 10);
    expect(await proposalsChangedSince(q, T1, 10)).toEqual([
      { id: b, receivedAt: T1 + 5, updatedAt: T1 + 5 },
      { id: a, receivedAt: T1, updatedAt: T1 + 10 },
    ]);
    expect((await proposalsChangedSince(q, T1, 1)).map((r) => r.id)).toEqual([b]);
    expect(await proposalsChangedSince(q, T1 + 10, 10)).toEqual([]);
  });

  it('forgets a source: its row goes, and only once', async () => {
    const q = db.store;
    await recordHeartbeat(q, 'gammal central', 60, T0);
    expect(await deleteSource(q, 'gammal central')).toEqual({ name: 'gammal central', lastSeenAt: T0, everySeconds: 60 });
    expect(await deleteSource(q, 'gammal central')).toBeUndefined();
    expect((await listSources(q)).map((s) => s.name)).not.toContain('gammal central');
  });
});
