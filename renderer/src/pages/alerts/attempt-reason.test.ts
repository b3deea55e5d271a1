import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { answeredByWords, attemptReasonCodes, auditActionWords, type Reason } from '@contract';
import { resources } from '../../i18n';
import { answeredByText, attemptReasonText, auditActionText, importReasonsText } from './attempt-reason';

async function tIn(lng: 'sv' | 'en'): Promise<TFunction> {
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return i18n.t;
}

const SWEDISH_LETTERS = /[åäöÅÄÖ]/;

describe('the engine’s codes in the console’s words', () => {
  it('has every attempt reason the engine can send in Swedish and in English, never the fallback', async () => {
    const [sv, en] = [await tIn('sv'), await tIn('en')];
    const fallback = { sv: attemptReasonText(sv, { code: 'no_such_code', params: {} }), en: attemptReasonText(en, { code: 'no_such_code', params: {} }) };
    for (const code of attemptReasonCodes) {
      const said = { sv: attemptReasonText(sv, { code, params: {} }), en: attemptReasonText(en, { code, params: {} }) };
      expect(said.sv, code).not.toBe('');
      expect(said.en, code).not.toMatch(SWEDISH_LETTERS);
      if (code !== 'unknown') expect(said, code).not.toEqual(fallback);
    }
  });

  it('says a carrier code with its number, in one language only', async () => {
    const reason = { code: 'carrier_30003', params: { carrierCode: '30003' } };
    expect(attemptReasonText(await tIn('sv'), reason)).toBe('Telefonen är avstängd eller utom täckning (kod 30003)');
    expect(attemptReasonText(await tIn('en'), reason)).toBe('The phone is switched off or out of coverage (code 30003)');
    // A code this console does not know yet: its own words, with the carrier's code.
    expect(attemptReasonText(await tIn('en'), { code: 'carrier_unknown', params: { carrierCode: '12345' } })).toBe('The carrier refused the attempt (code 12345)');
    expect(attemptReasonText(await tIn('sv'), null)).toBe('');
  });

  it('names AnsweredBy, audit events (codes with dots) and import reasons', async () => {
    const [sv, en] = [await tIn('sv'), await tIn('en')];
    for (const value of Object.keys(answeredByWords)) expect(answeredByText(en, value)).not.toMatch(SWEDISH_LETTERS);
    expect(answeredByText(sv, 'machine_end_beep')).toBe('Telefonsvarare (efter tonen)');
    for (const action of Object.keys(auditActionWords)) {
      expect(auditActionText(sv, action), action).toBe(auditActionWords[action]![0]);
      expect(auditActionText(en, action), action).toBe(auditActionWords[action]![1]);
    }
    expect(auditActionText(en, 'something.new')).toBe('something.new');
    const reasons: Array<Pick<Reason, 'code' | 'params'>> = [
      { code: 'bad_number', params: { number: '070-12', problem: 'too_short' } },
      { code: 'field_change', params: { field: 'email', value: 'a@b.se' } },
    ];
    expect(importReasonsText(sv, reasons)).toBe('070-12: för kort; E-post: a@b.se');
    expect(importReasonsText(en, reasons)).toBe('070-12: too short; Email: a@b.se');
  });
});
