import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEspeakTts } from './espeak-tts';
import { TtsError } from './tts-port';
import { parseWav, rms } from './wav';

const espeak = createEspeakTts({ sv: 'sv', en: 'en' });

const TEN_WORDS = 'Brand i industribyggnad vid Storgatan, samling vid stationen genast nu.';
const LONG =
  'Larm till räddningstjänsten. Brand i industribyggnad vid Storgatan i Åby. Samling vid stationen klockan fjorton och trettio. ' +
  'Rökdykare och höjdfordon behövs. Tryck ett för att bekräfta att du kommer.';

function checkSpeech(wav: Buffer) {
  expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
  const info = parseWav(wav);
  expect(info).toMatchObject({ format: 1, channels: 1, bitsPerSample: 16 });
  expect([16000, 22050, 24000]).toContain(info.sampleRate);
  const loudness = rms(wav, info);
  // Speech, not silence and not a clipped square wave.
  expect(loudness).toBeGreaterThan(0.02);
  expect(loudness).toBeLessThan(0.5);
  return info;
}

afterEach(() => vi.restoreAllMocks());

describe('espeak-ng (WebAssembly)', () => {
  it('speaks a ten-word Swedish sentence as real audio of a plausible length', async () => {
    const { wav, durationMs } = await espeak.synthesize(TEN_WORDS, 'sv');
    const info = checkSpeech(wav);
    expect(durationMs).toBe(info.durationMs);
    expect(durationMs).toBeGreaterThan(1500);
    expect(durationMs).toBeLessThan(10_000);
  });

  it('speaks longer text for longer', async () => {
    const short = await espeak.synthesize(TEN_WORDS, 'sv');
    const long = await espeak.synthesize(LONG, 'sv');
    checkSpeech(long.wav);
    expect(long.durationMs).toBeGreaterThan(short.durationMs * 2);
  });

  it('speaks English too', async () => {
    const { wav, durationMs } = await espeak.synthesize('Fire at the industrial estate. Report to the station at once.', 'en');
    checkSpeech(wav);
    expect(durationMs).toBeGreaterThan(1500);
    expect(durationMs).toBeLessThan(10_000);
    expect(espeak.voiceFor('en')).toBe('en');
  });

  it('reads a message that starts with a dash as text, not as a command-line option', async () => {
    const { durationMs } = await espeak.synthesize('-5 grader och halt väglag', 'sv');
    expect(durationMs).toBeGreaterThan(1000);
  });

  it('serves overlapping requests, each with its own audio', async () => {
    const [a, b, c] = await Promise.all([espeak.synthesize('Ett', 'sv'), espeak.synthesize(LONG, 'sv'), espeak.synthesize('Två tre', 'sv')]);
    expect(b!.durationMs).toBeGreaterThan(a!.durationMs * 5);
    expect(b!.durationMs).toBeGreaterThan(c!.durationMs * 3);
  });

  it('names an unknown voice in a TtsError, printing nothing and leaving the exit code alone', async () => {
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    const before = process.exitCode;
    const bad = createEspeakTts({ sv: 'xx-nosuchvoice', en: 'en' });
    const failure = await bad.synthesize('Hej', 'sv').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TtsError);
    expect((failure as Error).message).toMatch(/xx-nosuchvoice/);
    expect((failure as Error).message).toMatch(/does not exist/);
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(process.exitCode).toBe(before);
    // And the next synthesis is not disturbed.
    expect((await espeak.synthesize('Hej', 'sv')).durationMs).toBeGreaterThan(200);
  });

  it('refuses empty text', async () => {
    await expect(espeak.synthesize('  ', 'sv')).rejects.toBeInstanceOf(TtsError);
  });
});
