import i18next from 'i18next';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { sv } from '../../i18n/sv';
import { ruleText } from './rule-text';

let t: TFunction;
let tEn: TFunction;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { sv: { translation: sv }, en: { translation: en } }, lng: 'sv', interpolation: { escapeValue: false } });
  t = i18n.getFixedT('sv');
  tEn = i18n.getFixedT('en');
});

describe('a schedule rule in words', () => {
  const recurring = (cron: string) => ({ kind: 'recurring' as const, cron, timeZone: 'Europe/Stockholm' });

  it('says the common shapes in Swedish, with the zone', () => {
    expect(ruleText(t, recurring('0 10 * * 1'), 'sv')).toBe('Varje måndag 10:00 (Europe/Stockholm)');
    expect(ruleText(t, recurring('30 7 * * 1,4'), 'sv')).toBe('Varje måndag och torsdag 07:30 (Europe/Stockholm)');
    expect(ruleText(t, recurring('0 6 * * *'), 'sv')).toBe('Varje dag 06:00 (Europe/Stockholm)');
    expect(ruleText(t, recurring('0 8 * * 1-5'), 'sv')).toBe('Vardagar 08:00 (Europe/Stockholm)');
    expect(ruleText(t, recurring('0 8 1 * *'), 'sv')).toBe('Den 1 varje månad 08:00 (Europe/Stockholm)');
  });

  it('keeps a cron it cannot say simply as cron', () => {
    expect(ruleText(t, recurring('*/15 8-17 * * 1-5'), 'sv')).toBe('Enligt regeln */15 8-17 * * 1-5 (Europe/Stockholm)');
  });

  it('speaks English too', () => {
    expect(ruleText(tEn, recurring('0 10 * * 1'), 'en')).toBe('Every Monday at 10:00 (Europe/Stockholm)');
  });
});
