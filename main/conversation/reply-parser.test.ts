import { describe, expect, it } from 'vitest';
import { parseReply } from './reply-parser';

describe('parseReply', () => {
  it.each([
    ['JA', 'confirm', null],
    ['ja', 'confirm', null],
    ['Ja!', 'confirm', null],
    ['  ja tack ', 'confirm', null],
    ['Ok, kommer', 'confirm', null],
    ['1', 'confirm', null],
    ['yes', 'confirm', null],
    ['JA 12', 'confirm', '12'],
    ['ja12', 'confirm', '12'],
    ['Ja 7 kommer om 10 min', 'confirm', '7'],
    ['Nej', 'decline', null],
    ['NEJ 12', 'decline', '12'],
    ['2', 'decline', null],
    ['no', 'decline', null],
    ['Jag kommer', 'unknown', null],
    ['Vem är detta?', 'unknown', null],
    ['', 'unknown', null],
  ] as const)('%j → %s (code %s)', (body, meaning, code) => {
    expect(parseReply(body)).toMatchObject({ meaning, code });
  });

  it('opt-out and opt-in words count only as the whole message', () => {
    expect(parseReply('STOP')).toEqual({ meaning: 'stop', code: null, carrierKeyword: true });
    expect(parseReply('stopp')).toEqual({ meaning: 'stop', code: null, carrierKeyword: false });
    expect(parseReply('Avsluta')).toEqual({ meaning: 'stop', code: null, carrierKeyword: false });
    expect(parseReply('start')).toEqual({ meaning: 'start', code: null, carrierKeyword: true });
    expect(parseReply('Stopp vid infarten, kommer ändå').meaning).toBe('unknown');
    // Twilio only knows the bare word: with punctuation the opt-out is GDial's to confirm.
    expect(parseReply('Stop!')).toEqual({ meaning: 'stop', code: null, carrierKeyword: false });
  });
});
