import { describe, expect, it } from 'vitest';
import type { SpokenPart } from '../conversation/spoken-part';
import { INLINE_TWIML_LIMIT, inlineTwiml, messageTwiml, voicemailTwiml } from './voice-twiml';

const audio = (id: string): SpokenPart => ({ kind: 'audio', id: id.repeat(64).slice(0, 64), durationMs: 1000, engine: 'espeak', voice: 'sv' });
const say = (text: string) => ({ kind: 'say', text, voice: 'Polly.Astrid', language: 'sv-SE' }) as const;

describe('voice TwiML', () => {
  it('plays our audio by URLs relative to the TwiML, so any base (and a proxy prefix) reaches it', () => {
    const xml = messageTwiml({ message: audio('a'), prompt: audio('b'), goodbye: audio('c') }, { attemptId: 7, round: 1, repeats: 3 });
    expect(xml).toContain(`<Play>../../audio/${'a'.repeat(64)}.wav</Play>`);
    expect(xml).toContain('<Gather numDigits="1" finishOnKey="" action="gather?attempt=7&amp;round=1" method="POST" timeout="6">');
    expect(xml).toContain('<Redirect method="POST">gather?attempt=7&amp;round=2</Redirect>');
    expect(new URL(`../../audio/x.wav`, 'https://pub.example/gdial/twilio/voice/twiml?attempt=7').pathname).toBe('/gdial/audio/x.wav');
  });

  it('says goodbye and hangs up after the last round', () => {
    const xml = messageTwiml({ message: say('Brand'), prompt: say('Tryck 1'), goodbye: say('Hej då') }, { attemptId: 7, round: 3, repeats: 3 });
    expect(xml).not.toContain('<Redirect');
    expect(xml).toMatch(/<Say voice="Polly.Astrid" language="sv-SE">Hej då<\/Say><Hangup\/><\/Response>$/);
  });

  it('gives a redirected voicemail absolute audio URLs (inline TwiML has no document to be relative to)', () => {
    expect(voicemailTwiml(audio('d'), 'https://pub.example/gdial')).toContain(`<Play>https://pub.example/gdial/audio/${'d'.repeat(64)}.wav</Play>`);
    expect(voicemailTwiml(null)).toMatch(/<Response><Hangup\/><\/Response>$/);
  });

  it('keeps inline TwiML within Twilio’s 4,000 characters: fewer repeats first, then a shorter text', () => {
    expect((inlineTwiml(say('Kort larm.'), 3).match(/<Say/g) ?? []).length).toBe(3);
    const medium = inlineTwiml(say('Brand & rök <i> Åby. '.repeat(60)), 3);
    expect(medium.length).toBeLessThanOrEqual(INLINE_TWIML_LIMIT);
    const long = inlineTwiml(say('Brand & rök i Åby industriområde. '.repeat(300)), 3);
    expect(long.length).toBeLessThanOrEqual(INLINE_TWIML_LIMIT);
    expect(long).toContain('…</Say><Hangup/>');
    expect(long).not.toContain('Tryck 1');
  });
});
