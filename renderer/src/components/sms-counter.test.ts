import { describe, expect, it } from 'vitest';
import { addedWords, sentSmsCount, smsCount } from './sms-counter';

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

describe('sentSmsCount', () => {
  // "\nSvara JA för att bekräfta." is 27 characters, all GSM-7.
  it('counts the reply hint that every alert SMS ends with', () => {
    expect(sentSmsCount('Brand', { drill: false, language: 'sv' })).toMatchObject({ encoding: 'GSM-7', segments: 1, remaining: 160 - 5 - 27 });
  });

  it('counts the drill mark in front as well', () => {
    // "ÖVNING: " is 8 more.
    expect(sentSmsCount('Brand', { drill: true, language: 'sv' })).toMatchObject({ segments: 1, remaining: 160 - 8 - 5 - 27 });
  });

  it('tips a text that fits alone into a second part once the additions are counted', () => {
    const text = 'a'.repeat(150);
    expect(smsCount(text).segments).toBe(1);
    expect(sentSmsCount(text, { drill: false, language: 'sv' })).toMatchObject({ segments: 2, remaining: 306 - 177 });
  });

  it('uses the message language for the additions', () => {
    // "\nReply YES to confirm." is 22 characters; "DRILL: " 7.
    expect(sentSmsCount('Fire', { drill: true, language: 'en' })).toMatchObject({ remaining: 160 - 7 - 4 - 22 });
  });

  it('names only the operator’s characters that force UCS-2', () => {
    expect(sentSmsCount('Kom ✓', { drill: true, language: 'sv' })).toMatchObject({ encoding: 'UCS-2', wideChars: ['✓'] });
  });
});

describe('addedWords', () => {
  it('gives the reply hint and drill mark as they are sent', () => {
    expect(addedWords('sv')).toEqual({ replyHint: 'Svara JA för att bekräfta.', drillMark: 'ÖVNING:' });
    expect(addedWords('en')).toEqual({ replyHint: 'Reply YES to confirm.', drillMark: 'DRILL:' });
  });
});
