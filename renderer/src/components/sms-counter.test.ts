import { describe, expect, it } from 'vitest';
import { smsCount } from './sms-counter';

describe('smsCount', () => {
  it('counts Swedish text as GSM-7 with the room left in the part', () => {
    expect(smsCount('Brand i Åsele, kom till stationen')).toEqual({ encoding: 'GSM-7', segments: 1, remaining: 127, wideChars: [] });
  });

  it('moves to 153 per part once the text passes 160', () => {
    expect(smsCount('a'.repeat(161))).toMatchObject({ segments: 2, remaining: 306 - 161 });
  });

  it('names the characters that force UCS-2, once each', () => {
    expect(smsCount('Larm – kom ✓ nu ✓')).toEqual({ encoding: 'UCS-2', segments: 1, remaining: 70 - 17, wideChars: ['–', '✓'] });
  });

  it('counts an extension character twice', () => {
    expect(smsCount('€')).toMatchObject({ encoding: 'GSM-7', remaining: 158 });
  });
});
