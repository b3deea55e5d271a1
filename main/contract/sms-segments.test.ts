import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSegments } from './sms-segments';

describe('countSegments', () => {
  it.each([
    ['', 'GSM-7', 1, 0],
    ['a'.repeat(160), 'GSM-7', 1, 160],
    ['a'.repeat(161), 'GSM-7', 2, 161],
    ['ÅÄÖåäöéÉ'.repeat(20), 'GSM-7', 1, 160],
    ['€'.repeat(80), 'GSM-7', 1, 160],
    ['€'.repeat(81), 'GSM-7', 2, 162],
    ['a'.repeat(306), 'GSM-7', 2, 306],
    ['a'.repeat(307), 'GSM-7', 3, 307],
    ['ö'.repeat(68) + '😀', 'UCS-2', 1, 70],
    ['ö'.repeat(69) + '😀', 'UCS-2', 2, 71],
    ['ç'.repeat(70), 'UCS-2', 1, 70],
    ['ç'.repeat(134), 'UCS-2', 2, 134],
    ['ç'.repeat(135), 'UCS-2', 3, 135],
  ])('%#: %s', (body, encoding, segments, units) => {
    expect(countSegments(body)).toEqual({ encoding, segments, units });
  });

  it('never splits an escape pair across parts', () => {
    // 152 septets, then "€" (2): 154 needs a second part, and the pair moves whole into it.
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(152)).segments).toBe(3);
    expect(countSegments('a'.repeat(151) + '€' + 'a'.repeat(153)).segments).toBe(2);
  });

  it('never splits a surrogate pair across parts', () => {
    expect(countSegments('ç'.repeat(66) + '😀' + 'ç'.repeat(66)).segments).toBe(3);
    expect(countSegments('ç'.repeat(65) + '😀' + 'ç'.repeat(67)).segments).toBe(2);
  });

  it('is never fewer parts than units / per-part size, and grows with the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), fc.string({ maxLength: 5 }), (body, more) => {
        const c = countSegments(body);
        const perPart = c.encoding === 'GSM-7' ? 153 : 67;
        expect(c.segments).toBeGreaterThanOrEqual(c.units <= (c.encoding === 'GSM-7' ? 160 : 70) ? 1 : Math.ceil(c.units / perPart));
        const longer = countSegments(body + more);
        if (longer.encoding === c.encoding) expect(longer.segments).toBeGreaterThanOrEqual(c.segments);
      }),
    );
  });
});
