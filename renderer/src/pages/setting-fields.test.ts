import { describe, expect, it } from 'vitest';
import { settingKeys } from '@contract';
import { en } from '../i18n/en';
import { sv } from '../i18n/sv';
import { sectionOf, settingFields, settingSections } from './setting-fields';

describe('setting fields', () => {
  it('shows every setting, each once, in a section of its topic', () => {
    const shown = settingSections.flatMap((s) => s.fields.map((f) => f.key));
    expect([...shown].sort()).toEqual([...settingKeys].sort());
    expect(settingKeys.filter((k) => sectionOf(k) === 'other')).toEqual([]);
  });

  it('has a label and a hint for every setting in both languages, so no setting name reaches the screen', () => {
    for (const messages of [sv, en]) {
      expect(settingKeys.filter((k) => !messages.settings.labels[k])).toEqual([]);
      expect(settingKeys.filter((k) => !messages.settings.hints[k])).toEqual([]);
    }
  });

  it('names every choice a setting offers', () => {
    for (const field of settingFields) {
      if (field.kind !== 'choice') continue;
      for (const option of field.options) {
        const named = sv.settings.options[field.key]?.[option] ?? (field.key === 'defaultLanguage' ? sv.language[option as 'sv' | 'en'] : undefined);
        expect(named, `${field.key}: ${option}`).toBeTruthy();
      }
    }
  });

  it('reads decimals, text and pickers from the contract', () => {
    const byKey = Object.fromEntries(settingFields.map((f) => [f.key, f]));
    expect(byKey.callsPerSecond).toMatchObject({ kind: 'number', integer: false, min: 0.1, max: 100 });
    expect(byKey.maxConcurrentCalls).toMatchObject({ kind: 'number', integer: true });
    expect(byKey.callerId).toMatchObject({ kind: 'text', maxLength: 20, url: false });
    expect(byKey.publicUrl).toMatchObject({ kind: 'text', url: true });
    expect(byKey.twilioAccountSid).toMatchObject({ kind: 'text', url: false });
    expect(byKey.drillRosterGroupId).toEqual({ key: 'drillRosterGroupId', kind: 'group' });
    expect(byKey.timeZone).toEqual({ key: 'timeZone', kind: 'timeZone' });
    expect(byKey.backupEveryHours).toMatchObject({ kind: 'number', integer: true, min: 0 });
    expect(byKey.backupDir).toMatchObject({ kind: 'text', url: false });
    expect(byKey.carrier).toMatchObject({ kind: 'choice', options: ['simulator', 'twilio'] });
  });
});
