import i18next from 'i18next';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HealthItem } from '@contract';
import { en } from '../../i18n/en';
import { sv } from '../../i18n/sv';
import { healthTexts } from './health-texts';

let t: { sv: TFunction; en: TFunction };
let exists: (key: string) => boolean;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { sv: { translation: sv }, en: { translation: en } }, lng: 'sv', interpolation: { escapeValue: false } });
  t = { sv: i18n.getFixedT('sv'), en: i18n.getFixedT('en') };
  exists = (key) => i18n.exists(key);
});

const item = (over: Partial<HealthItem>): HealthItem => ({ key: 'tunnel', state: 'ok', code: 'x', detail: 'engine words', action: null, ...over });

describe('health in the console language', () => {
  it('puts the engine figures into the English sentence, not the Swedish one', () => {
    const failed = item({ key: 'backup', state: 'error', code: 'backup.failed', detail: 'Senaste säkerhetskopieringen misslyckades: ENOSPC', params: { error: 'ENOSPC' } });
    expect(healthTexts(t.en, exists, failed, 'en').detail).toBe('The last backup failed: ENOSPC.');
    expect(healthTexts(t.sv, exists, failed, 'sv').detail).toBe('Senaste säkerhetskopieringen misslyckades: ENOSPC.');
    const tunnel = item({ code: 'tunnel.ok', params: { url: 'https://larm.example.se/gdial' } });
    expect(healthTexts(t.en, exists, tunnel, 'en')).toEqual({ detail: 'The carrier reaches GDial at https://larm.example.se/gdial.', action: null });
  });

  it('shows an instant among the params as a local time', () => {
    const ok = item({ key: 'backup', code: 'backup.ok', params: { at: '2026-11-26T10:00:00.000Z' } });
    const detail = healthTexts(t.en, exists, ok, 'en').detail;
    expect(detail.startsWith('Last backup ')).toBe(true);
    expect(detail).not.toContain('2026-11-26T10');
  });

  it('keeps the engine words for a code the console does not know', () => {
    expect(healthTexts(t.en, exists, item({ code: 'tunnel.future_state', detail: 'Något nytt' }), 'en').detail).toBe('Något nytt');
  });
});
