import { describe, expect, it } from 'vitest';
import { addressModeOf, isRelevant, isValidPublicUrl, isValidSmsSender, withAddressMode } from './settings-rules';

describe('settings rules', () => {
  it('maps none / own address / ngrok to the tunnel and publicUrl settings and back', () => {
    expect(addressModeOf({ tunnel: 'off', publicUrl: '' })).toBe('none');
    expect(addressModeOf({ tunnel: 'off', publicUrl: 'https://larm.example.se' })).toBe('own');
    expect(addressModeOf({ tunnel: 'ngrok', publicUrl: 'https://larm.example.se' })).toBe('ngrok');
    const draft = { tunnel: 'ngrok', publicUrl: 'https://larm.example.se', callerId: '+46700000000' };
    expect(withAddressMode('none', draft)).toEqual({ tunnel: 'off', publicUrl: '', callerId: '+46700000000' });
    expect(withAddressMode('own', draft)).toMatchObject({ tunnel: 'off', publicUrl: 'https://larm.example.se' });
    expect(withAddressMode('ngrok', { tunnel: 'off', publicUrl: '' })).toMatchObject({ tunnel: 'ngrok' });
  });

  it('shows the voice fields of the chosen engine only, and the address fields of the chosen mode', () => {
    expect(isRelevant('piperBinary', { ttsEngine: 'piper' }, 'none')).toBe(true);
    expect(isRelevant('piperBinary', { ttsEngine: 'espeak' }, 'none')).toBe(false);
    expect(isRelevant('twilioVoiceSv', { ttsEngine: 'twilio' }, 'none')).toBe(true);
    expect(isRelevant('espeakVoiceEn', { ttsEngine: 'twilio' }, 'none')).toBe(false);
    expect(isRelevant('voiceRepeats', { ttsEngine: 'piper' }, 'none')).toBe(true);
    expect(isRelevant('publicUrl', {}, 'own')).toBe(true);
    expect(isRelevant('publicUrl', {}, 'ngrok')).toBe(false);
    expect(isRelevant('ngrokDomain', {}, 'ngrok')).toBe(true);
    expect(isRelevant('webhookPort', {}, 'none')).toBe(true);
  });

  it('accepts an E.164 number or an alphanumeric sender of at most 11 characters', () => {
    for (const ok of ['+46701234567', 'GDial', 'Raddning 1', 'ABCDEFGHIJK']) expect(isValidSmsSender(ok), ok).toBe(true);
    for (const bad of ['', '0701234567', 'ABCDEFGHIJKL', 'Räddning', '12345', 'Larm-112']) expect(isValidSmsSender(bad), bad).toBe(false);
  });

  it('wants an http(s) public address', () => {
    expect(isValidPublicUrl('https://larm.example.se')).toBe(true);
    expect(isValidPublicUrl('larm.example.se')).toBe(false);
    expect(isValidPublicUrl('ftp://larm.example.se')).toBe(false);
  });
});
