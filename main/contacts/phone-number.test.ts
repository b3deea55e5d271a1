import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone, PHONE_PROBLEM_TEXT } from './phone-number';

describe('normalizePhone', () => {
  it.each([
    '070-123 45 67',
    '0701234567',
    '+46 70 123 45 67',
    '0046701234567',
    '+46 (0)70-123 45 67',
    '070 123 45 67',
    '(070) 123 45 67',
    '070.123.45.67',
    '+46701234567',
    'tel:+46-70-123-45-67',
  ])('%s is +46701234567, a mobile that takes SMS', (raw) => {
    expect(normalizePhone(raw)).toMatchObject({ ok: true, e164: '+46701234567', kind: 'mobile', smsCapable: true, voiceCapable: true });
  });

  it('reads 08-123 456 78 as a Stockholm landline without SMS', () => {
    expect(normalizePhone('08-123 456 78')).toMatchObject({ ok: true, e164: '+46812345678', kind: 'landline', smsCapable: false });
  });

  it.each([
    ['112', 'emergency'],
    ['114 14', 'emergency'],
    ['1177', 'emergency'],
    ['+46 112', 'emergency'],
    ['0701', 'too_short'],
    ['070 123', 'too_short'],
    ['0701234567890123', 'too_long'],
    ['555 1234', 'no_country_code'],
    ['ring Anna', 'letters'],
    ['', 'empty'],
    ['   ', 'empty'],
  ])('refuses %j: %s', (raw, problem) => {
    const result = normalizePhone(raw);
    expect(result).toMatchObject({ ok: false, problem });
    if (!result.ok) expect(result.reason).toBe(PHONE_PROBLEM_TEXT[result.problem as keyof typeof PHONE_PROBLEM_TEXT]);
  });

  it('gives operators the reasons in Swedish', () => {
    expect(normalizePhone('0701')).toMatchObject({ reason: 'för kort' });
    expect(normalizePhone('555 1234')).toMatchObject({ reason: 'inte ett svenskt nummer och saknar landskod' });
  });

  it('accepts foreign numbers with a country code, with a warning', () => {
    expect(normalizePhone('+47 412 34 567')).toMatchObject({ ok: true, e164: '+4741234567', warnings: expect.arrayContaining(['foreign']) });
    expect(normalizePhone('0047 412 34 567')).toMatchObject({ ok: true, e164: '+4741234567' });
  });

  it('marks numbers it cannot classify as unknown, SMS allowed with a warning', () => {
    const us = normalizePhone('+1 212 555 0123');
    expect(us).toMatchObject({ ok: true, kind: 'unknown', smsCapable: true });
    if (us.ok) expect(us.warnings).toContain('kind_unknown');
  });

  it('classifies service numbers (0771, 020, 010) as other, without SMS', () => {
    for (const raw of ['0771-12 34 56', '020-12 34 56', '010-123 45 67']) {
      expect(normalizePhone(raw), raw).toMatchObject({ ok: true, kind: 'other', smsCapable: false });
    }
  });
});

/** Valid Swedish numbers, as national significant digits (without the trunk 0). */
const swedishNumber = fc.oneof(
  fc.tuple(fc.constantFrom('70', '72', '73', '76', '79'), fc.stringMatching(/^\d{7}$/)).map(([p, r]) => p + r),
  fc.stringMatching(/^\d{7}$/).map((r) => `8${r}`), // Stockholm
  fc.stringMatching(/^[1-9]\d{5}$/).map((r) => `31${r}`), // Göteborg
).filter((nsn) => normalizePhone(`+46${nsn}`).ok);

/** Any way a person might write it: prefix style, grouping, separators. */
const written = fc
  .tuple(
    swedishNumber,
    fc.constantFrom('0', '+46', '+46 ', '0046', '0046 ', '+46 (0)', '+46(0)'),
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
    fc.constantFrom(' ', '-', '', '.', ' - ', '/'),
  )
  .map(([nsn, prefix, groups, sep]) => {
    const parts: string[] = [];
    let rest = nsn;
    for (const size of groups) {
      if (!rest) break;
      parts.push(rest.slice(0, size));
      rest = rest.slice(size);
    }
    if (rest) parts.push(rest);
    return { nsn, text: prefix + parts.join(sep) };
  });

describe('normalizePhone properties', () => {
  it('any formatting of a valid Swedish number normalises to the same E.164', () => {
    fc.assert(
      fc.property(written, ({ nsn, text }) => {
        const result = normalizePhone(text);
        expect(result, text).toMatchObject({ ok: true, e164: `+46${nsn}` });
      }),
      { numRuns: 2000 },
    );
  });

  it('random garbage never throws and always returns a reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[\d +()\-.]{0,30}$/)), (text) => {
        const result = normalizePhone(text);
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
        else expect(result.e164).toMatch(/^\+[1-9]\d{5,14}$/);
      }),
      { numRuns: 3000 },
    );
  });
});
