import { describe, expect, it } from 'vitest';
import { alertDraftSchema } from '@contract';
import type { Group, Proposal, Template } from '@contract';
import { proposalDraft } from './proposal-draft';
import { emptyDraft, toAlertDraft } from './wizard-draft';

const template: Template = {
  id: 4,
  name: 'Brand – Insatsstyrka',
  voiceText: 'Brandlarm. Tryck 1 om du kommer.',
  smsText: 'Brandlarm. Svara JA.',
  language: 'sv',
  confirmDigit: '1',
  declineDigit: '2',
  alertDefaults: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const groups = [{ id: 11, name: 'Insatsstyrka' }] as Group[];

function proposal(over: Partial<Proposal>): Proposal {
  return {
    id: 9,
    state: 'open',
    format: 'cap',
    sourceKey: 'Larmcentral Syd',
    sender: 'larmcentral@raddning.exempel.se',
    externalId: 'SE-1',
    msgType: 'Alert',
    status: 'Actual',
    event: 'Brand i byggnad',
    headline: 'Automatiskt brandlarm – Åby skola',
    description: '',
    area: 'Åby',
    severity: 'Severe',
    urgency: 'Immediate',
    ruleId: 1,
    ruleName: 'Brandlarm',
    templateId: 4,
    draft: null,
    drill: false,
    alertId: null,
    cancelRequested: false,
    updates: 0,
    receivedAt: '2026-12-07T02:12:00.000Z',
    updatedAt: '2026-12-07T02:12:00.000Z',
    ...over,
  };
}

describe('a proposal in the wizard', () => {
  it('launches exactly the engine’s draft, less groups deleted since', () => {
    const draft = alertDraftSchema.parse({
      title: 'Automatiskt brandlarm – Åby skola',
      templateId: 4,
      voiceText: 'Brandlarm. Tryck 1 om du kommer.',
      channels: ['voice'],
      groupIds: [11, 12],
      contactIds: [5],
      drill: true,
    });
    const d = proposalDraft(proposal({ draft }), [template], groups, [{ id: 5, name: 'Bo Berg', detail: '' }], 'en');
    expect(toAlertDraft(d)).toEqual({ ...draft, groupIds: [11] });
  });

  it('without a draft: the template’s texts, the alarm’s headline, no recipients yet, a drill when the engine says so', () => {
    const d = proposalDraft(proposal({ status: 'Exercise', drill: true }), [template], groups, [], 'sv');
    expect(d).toMatchObject({ templateId: 4, title: 'Automatiskt brandlarm – Åby skola', voiceText: template.voiceText, smsText: template.smsText, groupIds: [], contacts: [], drill: true });
    expect(proposalDraft(proposal({ headline: ' ', templateId: 99 }), [template], groups, [], 'sv')).toMatchObject({ templateId: null, title: 'Brand i byggnad', voiceText: '', drill: false });
    // The console reads no CAP status itself: the engine's word decides.
    expect(proposalDraft(proposal({ status: 'Exercise', drill: false }), [template], groups, [], 'sv').drill).toBe(false);
    expect(proposalDraft(proposal({ templateId: 99, drill: true }), [template], groups, [], 'sv').drill).toBe(true);
  });

  it('without a draft, a template with defaults but no recipients gives its channels, policy and burn (the one-click rule)', () => {
    const policy = { ...emptyDraft('sv').policy, quorum: 3 };
    const burn = { after: 'time' as const, minutes: 30 };
    const withDefaults = { ...template, alertDefaults: { groupIds: [], contactIds: [], channels: ['sms' as const], policy, burn, drill: false } };
    const d = proposalDraft(proposal({}), [withDefaults], groups, [], 'sv');
    expect(d).toMatchObject({ templateId: 4, channels: ['sms'], policy, burn, groupIds: [], contacts: [], voiceText: template.voiceText, smsText: template.smsText });
    // Burning: the launch carries the words, not the template.
    expect(toAlertDraft(d).templateId).toBeUndefined();
  });
});
