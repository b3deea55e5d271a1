import { describe, expect, it } from 'vitest';
import { alertDraftSchema } from '@contract';
import type { Group, Proposal, Template } from '@contract';
import { proposalDraft } from './proposal-draft';
import { toAlertDraft } from './wizard-draft';

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

  it('without a draft: the template’s texts, the alarm’s headline, no recipients yet, a drill for CAP Exercise', () => {
    const d = proposalDraft(proposal({ status: 'Exercise' }), [template], groups, [], 'sv');
    expect(d).toMatchObject({ templateId: 4, title: 'Automatiskt brandlarm – Åby skola', voiceText: template.voiceText, smsText: template.smsText, groupIds: [], contacts: [], drill: true });
    expect(proposalDraft(proposal({ headline: ' ', templateId: 99 }), [template], groups, [], 'sv')).toMatchObject({ templateId: null, title: 'Brand i byggnad', voiceText: '', drill: false });
  });
});
