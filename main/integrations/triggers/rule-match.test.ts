/** The engine's one rule for which trigger rule an alarm meets, and the draft a template makes. */
import { describe, expect, it } from 'vitest';
import { templateAlertDefaultsSchema, templateDraft, type Template, type TriggerRule } from '../../contract';
import type { InboundAlarm } from './inbound-alarm';
import { proposalDraft, proposalDrill } from './proposal-draft';
import { firstMatchingRule, ruleMatches } from './rule-match';

const alarm: InboundAlarm = {
  format: 'cap',
  externalId: 'id-1',
  sender: 'varningar@vader.exempel.se',
  msgType: 'Alert',
  status: 'Actual',
  references: [],
  event: 'Mycket höga flöden',
  headline: 'Orange varning – höga flöden i Ljusnan',
  description: 'Vägar nära älven kan ÖVERSVÄMMAS.',
  area: 'Ljusdals kommun; Bollnäs kommun',
  severity: 'Severe',
  urgency: 'Expected',
  document: '<alert/>',
};

let nextId = 1;
const rule = (fields: Partial<TriggerRule> = {}): TriggerRule => ({
  id: nextId++,
  name: 'r',
  enabled: true,
  position: 100,
  sender: '',
  event: '',
  area: '',
  severities: [],
  urgencies: [],
  textMatch: '',
  templateId: 1,
  launchAtOnce: false,
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
  ...fields,
});

describe('rule matching', () => {
  it('ignores case and diacritics in sender, event, area and free text (å ä ö and their capitals)', () => {
    expect(ruleMatches(rule({ sender: 'VARNINGAR@VADER.EXEMPEL.SE', event: 'MYCKET HÖGA FLÖDEN', area: 'BOLLNÄS', textMatch: 'översvämmas' }), alarm)).toBe(true);
    expect(ruleMatches(rule({ event: 'mycket hoga floden' }), alarm)).toBe(true);
    expect(ruleMatches(rule({ area: 'ljusdal' }), alarm)).toBe(true);
    expect(ruleMatches(rule({ textMatch: 'LJUSNAN' }), alarm)).toBe(true);
  });

  it('needs sender and event equal (not contained), severity and urgency among those listed', () => {
    expect(ruleMatches(rule({ event: 'höga flöden' }), alarm)).toBe(false);
    expect(ruleMatches(rule({ sender: 'varningar' }), alarm)).toBe(false);
    expect(ruleMatches(rule({ area: 'Gävle' }), alarm)).toBe(false);
    expect(ruleMatches(rule({ severities: ['Extreme'] }), alarm)).toBe(false);
    expect(ruleMatches(rule({ severities: ['Extreme', 'Severe'], urgencies: ['Expected'] }), alarm)).toBe(true);
    expect(ruleMatches(rule({ urgencies: ['Immediate'] }), alarm)).toBe(false);
    expect(ruleMatches(rule({ textMatch: 'brand' }), alarm)).toBe(false);
    expect(ruleMatches(rule({ enabled: false }), alarm)).toBe(false);
  });

  it('takes the first enabled match by position, then the older rule', () => {
    const late = rule({ position: 20 });
    const off = rule({ position: 1, enabled: false });
    const early = rule({ position: 10, area: 'bollnäs' });
    const tie = rule({ position: 10 });
    expect(firstMatchingRule([late, tie, off, early], alarm)).toBe(early);
    expect(firstMatchingRule([late, off], alarm)).toBe(late);
    expect(firstMatchingRule([off, rule({ event: 'Brand' })], alarm)).toBeNull();
  });
});

describe('the draft a proposal offers', () => {
  const template = (defaults: object | null, extra: Partial<Template> = {}): Template => ({
    id: 5,
    name: 'Översvämning',
    voiceText: 'Höga flöden. Samling.',
    smsText: 'Höga flöden, samling.',
    language: 'sv',
    confirmDigit: '1',
    declineDigit: '2',
    alertDefaults: defaults === null ? null : templateAlertDefaultsSchema.parse(defaults),
    createdAt: '2026-12-07T00:00:00.000Z',
    updatedAt: '2026-12-07T00:00:00.000Z',
    ...extra,
  });

  it("takes the template's recipients, channels and texts, and the alarm's headline as title", () => {
    const draft = proposalDraft(template({ groupIds: [3], contactIds: [9], channels: ['sms'] }), alarm);
    expect(draft).toMatchObject({ title: alarm.headline, templateId: 5, voiceText: '', smsText: 'Höga flöden, samling.', channels: ['sms'], groupIds: [3], contactIds: [9], drill: false });
  });

  it('is a drill for Exercise and Test; the event is the title without a headline', () => {
    expect(proposalDraft(template({ groupIds: [3] }), { ...alarm, status: 'Exercise' })?.drill).toBe(true);
    expect(proposalDraft(template({ groupIds: [3] }), { ...alarm, status: 'Test', headline: '' })).toMatchObject({ drill: true, title: alarm.event });
  });

  it('is null without defaults, without recipients, without a template; a burn is not tied to the template', () => {
    expect(proposalDraft(template(null), alarm)).toBeNull();
    expect(proposalDraft(template({ groupIds: [] }), alarm)).toBeNull();
    expect(proposalDraft(null, alarm)).toBeNull();
    const burn = proposalDraft(template({ groupIds: [3], burn: { after: 'time', minutes: 30 } }), alarm);
    expect(burn?.templateId).toBeUndefined();
    expect(burn?.voiceText).toBe('Höga flöden. Samling.');
  });

  it("is the template's one-click draft (the contract's rule the console uses too), titled by the alarm", () => {
    const t = template({ groupIds: [3], channels: ['voice'], drill: false });
    expect(proposalDraft(t, alarm)).toEqual(templateDraft(t, { title: alarm.headline }));
    expect(proposalDraft(t, { ...alarm, status: 'Exercise' })).toEqual(templateDraft(t, { title: alarm.headline, drill: true }));
  });

  it("tells a proposal's drill: the draft's word, else the alarm's status or the template's defaults", () => {
    const live = proposalDraft(template({ groupIds: [3] }), alarm);
    expect(proposalDrill('Exercise', live, null)).toBe(false);
    expect(proposalDrill('Actual', { ...live!, drill: true }, null)).toBe(true);
    expect(proposalDrill('Exercise', null, null)).toBe(true);
    expect(proposalDrill('Test', null, null)).toBe(true);
    expect(proposalDrill('Actual', null, template({ groupIds: [], drill: true }))).toBe(true);
    expect(proposalDrill('Actual', null, template({ groupIds: [] }))).toBe(false);
    expect(proposalDrill('Actual', null, null)).toBe(false);
  });
});
