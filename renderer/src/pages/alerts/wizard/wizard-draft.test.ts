import { describe, expect, it } from 'vitest';
import { templateDraft } from '@contract';
import type { Template } from '@contract';
import { alertDefaultsOf, channelProblems, emptyDraft, fromAlertDraft, fromTemplate, messageProblems, sameDraft, toAlertDraft, withTemplate } from './wizard-draft';

const template: Template = {
  id: 7,
  name: 'Brand',
  voiceText: 'Brand i centrum.',
  smsText: 'Brand, kom.',
  language: 'en',
  confirmDigit: '1',
  declineDigit: '2',
  alertDefaults: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('wizard draft', () => {
  it('starts from the contract defaults: both channels, no drill, the default policy', () => {
    const d = emptyDraft('sv');
    expect(d.channels).toEqual(['voice', 'sms']);
    expect(d.drill).toBe(false);
    expect(d.policy).toMatchObject({ attemptsPerNumber: 1, cycles: 2, retryIntervalSeconds: 120, quorum: null });
  });

  it('takes texts and language from a template, and its name only when no title was written', () => {
    const d = withTemplate(emptyDraft('sv'), template);
    expect(d).toMatchObject({ templateId: 7, title: 'Brand', voiceText: 'Brand i centrum.', smsText: 'Brand, kom.', language: 'en' });
    expect(withTemplate({ ...emptyDraft('sv'), title: 'Egen rubrik' }, template).title).toBe('Egen rubrik');
  });

  it('says what is missing for the message and for each chosen channel', () => {
    expect(messageProblems(emptyDraft('sv'))).toEqual(['title', 'text']);
    const voiceOnly = { ...emptyDraft('sv'), title: 'Larm', voiceText: 'Kom.', channels: ['voice' as const, 'sms' as const] };
    expect(channelProblems(voiceOnly)).toEqual(['smsText']);
    expect(channelProblems({ ...voiceOnly, channels: ['voice'] })).toEqual([]);
  });

  it('sends only the texts of the chosen channels, trimmed, with the picked contacts by id', () => {
    const d = {
      ...withTemplate(emptyDraft('sv'), template),
      title: '  Larm  ',
      channels: ['voice' as const],
      groupIds: [3],
      contacts: [{ id: 9, name: 'Åsa', detail: '' }],
      drill: true,
    };
    expect(toAlertDraft(d)).toMatchObject({ title: 'Larm', templateId: 7, voiceText: 'Brand i centrum.', smsText: '', groupIds: [3], contactIds: [9], drill: true });
  });

  it("sends the burn policy, and a saved draft (a schedule's) comes back as the same wizard draft", () => {
    const burn = { after: 'time' as const, minutes: 30 };
    const d = { ...emptyDraft('sv'), title: 'Prov', voiceText: 'Kom.', channels: ['voice' as const], groupIds: [2], burn };
    expect(toAlertDraft(d).burn).toEqual(burn);
    expect(toAlertDraft(emptyDraft('sv')).burn).toBeNull();
    const saved = { title: 'Prov', voiceText: 'Kom.', smsText: '', language: 'sv' as const, channels: ['voice' as const], groupIds: [2], contactIds: [9], policy: d.policy, drill: false, burn };
    const back = fromAlertDraft(saved, [{ id: 9, name: 'Åsa', detail: '' }]);
    expect(back).toMatchObject({ title: 'Prov', groupIds: [2], contacts: [{ id: 9, name: 'Åsa' }], burn, templateId: null });
    expect(toAlertDraft(back)).toMatchObject({ title: 'Prov', contactIds: [9], burn });
  });

  it("a template's one-click draft carries its defaults, and the editor saves them back the same", () => {
    const policy = { ...emptyDraft('sv').policy, quorum: 2, voicemail: 'hang_up' as const };
    const alertDefaults = { groupIds: [4], contactIds: [9], channels: ['voice' as const], policy, burn: { after: 'delivery' as const, minutes: 60 }, drill: true };
    const d = fromTemplate({ ...template, alertDefaults }, [{ id: 9, name: 'Åsa', detail: '' }]);
    expect(d).toMatchObject({ templateId: 7, title: 'Brand', language: 'en', groupIds: [4], channels: ['voice'], policy, drill: true });
    expect(toAlertDraft(d)).toMatchObject({ contactIds: [9], burn: alertDefaults.burn, voiceText: 'Brand i centrum.' });
    // Burning: the template's words travel in the draft, not as a reference the engine would refuse.
    expect(toAlertDraft(d).templateId).toBeUndefined();
    expect(toAlertDraft({ ...d, burn: null }).templateId).toBe(7);
    expect(alertDefaultsOf(d)).toEqual(alertDefaults);
    // A message-only template fills the texts and leaves the rest as a new alert's.
    expect(fromTemplate(template, [])).toMatchObject({ templateId: 7, groupIds: [], channels: ['voice', 'sms'], drill: false });
  });

  it("launches the contract's one-click draft, the engine's rule for proposals too", () => {
    const policy = { ...emptyDraft('sv').policy, quorum: 2 };
    for (const alertDefaults of [
      null,
      { groupIds: [4], contactIds: [9], channels: ['sms' as const], policy, burn: null, drill: true },
      { groupIds: [4], contactIds: [], channels: ['voice' as const, 'sms' as const], policy, burn: { after: 'time' as const, minutes: 30 }, drill: false },
    ]) {
      const t = { ...template, alertDefaults };
      const contacts = (alertDefaults?.contactIds ?? []).map((id) => ({ id, name: 'Åsa', detail: '' }));
      expect(toAlertDraft(fromTemplate(t, contacts))).toEqual(templateDraft(t, { title: t.name }));
    }
  });

  it('tells a different draft from the same one (names of contacts aside)', () => {
    const d = fromTemplate(template, []);
    expect(sameDraft(d, { ...d })).toBe(true);
    expect(sameDraft(d, { ...d, groupIds: [1] })).toBe(false);
    expect(sameDraft({ ...d, contacts: [{ id: 9, name: 'A', detail: '' }] }, { ...d, contacts: [{ id: 9, name: 'B', detail: 'x' }] })).toBe(true);
  });
});
