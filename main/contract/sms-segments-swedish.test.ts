import { describe, expect, it } from 'vitest';
import { countSegments } from './sms-segments';

describe('countSegments', () => {
  it('fits 160 GSM-7 characters in one segment and splits at 153', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ segments: 2 });
    expect(countSegments('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(countSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('keeps Swedish letters in GSM-7 (å ä ö Å Ä Ö é)', () => {
    expect(countSegments('ÖVNING: Brand i Åby, samling vid räddningsstationen. Svara JA för att bekräfta.')).toMatchObject({
      encoding: 'GSM-7',
      segments: 1,
    });
  });

  it('counts extension characters as two septets', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81))).toMatchObject({ segments: 2 });
  });

  it('falls back to UCS-2 at 70/67 for anything else', () => {
    expect(countSegments('ł'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(countSegments('ł'.repeat(71))).toMatchObject({ segments: 2 });
    expect(countSegments('Brand 🔥')).toMatchObject({ encoding: 'UCS-2', units: 8, segments: 1 });
  });
});
