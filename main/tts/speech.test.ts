import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema, type Settings } from '../contract';
import { AppError } from '../errors';
import { AudioCache } from './audio-cache';
import { createEspeakTts } from './espeak-tts';
import { writeFakePiper, writeFakeVoice } from './fake-piper';
import { normalizeForSpeech } from './normalize';
import { Speech, TWILIO_PREVIEW_REASON, type SpeechDeps } from './speech';
import { TtsError, type TtsPort } from './tts-port';
import { parseWav } from './wav';

const TEXT = 'Brand i Åby. Samling kl. 14.30 vid stationen.';
const SPOKEN = 'Brand i Åby. Samling klockan fjorton och trettio vid stationen.';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'gdial-speech-test-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The real espeak-ng, counting how often it is asked to speak. */
function countingEspeak(): TtsPort & { calls: number } {
  const real = createEspeakTts({ sv: 'sv', en: 'en' });
  const port = {
    engine: real.engine,
    voiceFor: real.voiceFor,
    calls: 0,
    synthesize(text: string, language: 'sv' | 'en') {
      port.calls++;
      return real.synthesize(text, language);
    },
  };
  return port;
}

function setup(overrides: Partial<Settings>, engines?: SpeechDeps['engines']) {
  const settings = settingsSchema.parse(overrides);
  const logs: Array<{ level: number; msg: string; err?: string }> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const cache = new AudioCache({ dir: path.join(dir, 'audio'), secret: 'test secret' });
  const speech = new Speech({ settings: () => settings, cache, log, engines });
  const warnings = () => logs.filter((l) => l.level === 40);
  const errors = () => logs.filter((l) => l.level === 50);
  return { speech, cache, logs, warnings, errors };
}

describe('Speech', () => {
  it('speaks with espeak-ng by default: normalised text, cached audio, synthesised once', async () => {
    const espeak = countingEspeak();
    const { speech, cache } = setup({}, { espeak });
    const first = await speech.prepare(TEXT, 'sv');
    expect(first).toMatchObject({ kind: 'audio', engine: 'espeak', voice: 'sv', id: cache.idFor('espeak', 'sv', SPOKEN) });
    if (first.kind !== 'audio') throw new Error('expected audio');
    expect(first.durationMs).toBeGreaterThan(2000);
    expect(parseWav(readFileSync(cache.fileFor(first.id)!)).durationMs).toBe(first.durationMs);

    expect(await speech.prepare(TEXT, 'sv')).toEqual(first);
    // The same words written differently are the same speech.
    expect(await speech.prepare('Brand i Åby.\nSamling kl 14:30 vid stationen.', 'sv')).toEqual(first);
    expect(espeak.calls).toBe(1);

    const english = await speech.prepare('Fire in Åby. Report at 14:30.', 'en');
    expect(english).toMatchObject({ kind: 'audio', engine: 'espeak', voice: 'en' });
    expect(english).not.toMatchObject({ id: first.id });
    expect(espeak.calls).toBe(2);
  });

  it("leaves speaking to Twilio's voice when the setting says so, without synthesising", async () => {
    const espeak = countingEspeak();
    const { speech } = setup({ ttsEngine: 'twilio' }, { espeak });
    expect(await speech.prepare(TEXT, 'sv')).toEqual({ kind: 'say', text: SPOKEN, voice: 'Polly.Astrid', language: 'sv-SE' });
    expect(await speech.prepare('Report at 14:30', 'en')).toEqual({ kind: 'say', text: 'Report at fourteen thirty', voice: 'Polly.Joanna', language: 'en-US' });
    expect(espeak.calls).toBe(0);
  });

  it('previews Twilio voices with espeak-ng and says why', async () => {
    const { speech } = setup({ ttsEngine: 'twilio' });
    const preview = await speech.preview(TEXT, 'sv');
    expect(preview).toMatchObject({ engine: 'espeak', voice: 'sv', spokenText: SPOKEN, fallbackReason: TWILIO_PREVIEW_REASON });
    const wav = Buffer.from(preview.wavBase64, 'base64');
    expect(parseWav(wav).durationMs).toBe(preview.durationMs);
    expect(preview.durationMs).toBeGreaterThan(2000);
  });

  it('previews exactly the audio a call would play', async () => {
    const { speech, cache } = setup({});
    const preview = await speech.preview(TEXT, 'sv');
    const part = await speech.prepare(TEXT, 'sv');
    expect(part).toMatchObject({ kind: 'audio', id: cache.idFor('espeak', 'sv', SPOKEN), durationMs: preview.durationMs });
    expect(preview.fallbackReason).toBeNull();
  });

  describe.skipIf(process.platform === 'win32')('with Piper', () => {
    it('speaks with Piper when it works, passing it the normalised text', async () => {
      const piper = writeFakePiper(dir);
      const voice = writeFakeVoice(dir);
      const { speech, cache, warnings } = setup({ ttsEngine: 'piper', piperBinary: piper.binary, piperVoiceSv: voice });
      const part = await speech.prepare(TEXT, 'sv');
      expect(part).toEqual({ kind: 'audio', engine: 'piper', voice, durationMs: 500, id: cache.idFor('piper', voice, SPOKEN) });
      expect(piper.calls()!.stdin).toBe(`${SPOKEN}\n`);
      const preview = await speech.preview(TEXT, 'sv');
      expect(preview).toMatchObject({ engine: 'piper', voice, durationMs: 500, fallbackReason: null });
      expect(warnings()).toEqual([]);
    });

    it('falls back to espeak-ng when Piper is missing, and says so in the log and the preview', async () => {
      const missing = path.join(dir, 'no', 'piper');
      const { speech, cache, warnings } = setup({ ttsEngine: 'piper', piperBinary: missing, piperVoiceSv: writeFakeVoice(dir) });
      const part = await speech.prepare(TEXT, 'sv');
      expect(part).toMatchObject({ kind: 'audio', engine: 'espeak', voice: 'sv', id: cache.idFor('espeak', 'sv', SPOKEN) });
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]!.err).toContain(`Piper not found: ${missing}`);

      const preview = await speech.preview(TEXT, 'sv');
      expect(preview.engine).toBe('espeak');
      expect(preview.fallbackReason).toContain(`Piper not found: ${missing}`);
      expect(preview.durationMs).toBeGreaterThan(2000);
    });

    it('falls back to espeak-ng when Piper fails', async () => {
      const piper = writeFakePiper(dir, 'fail');
      const { speech, warnings } = setup({ ttsEngine: 'piper', piperBinary: piper.binary, piperVoiceSv: writeFakeVoice(dir) });
      expect(await speech.prepare(TEXT, 'sv')).toMatchObject({ kind: 'audio', engine: 'espeak' });
      expect(warnings()[0]!.err).toContain('exit code 3');
    });
  });

  it("lets Twilio's voice speak when espeak-ng itself fails, and logs an error", async () => {
    const broken: TtsPort = {
      engine: 'espeak',
      voiceFor: () => 'sv',
      synthesize: () => Promise.reject(new TtsError('espeak-ng could not be loaded')),
    };
    const { speech, errors } = setup({}, { espeak: broken });
    expect(await speech.prepare(TEXT, 'sv')).toEqual({ kind: 'say', text: SPOKEN, voice: 'Polly.Astrid', language: 'sv-SE' });
    expect(errors()).toHaveLength(1);
    expect(errors()[0]!.err).toContain('could not be loaded');
    const failure = await speech.preview(TEXT, 'sv').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).kind).toBe('unavailable');
  });

  it('keeps the text out of the logs', async () => {
    const { speech, logs } = setup({});
    await speech.prepare('Ring 070-123 45 67', 'sv');
    const all = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    expect(all).not.toContain('070');
    expect(all).not.toContain(normalizeForSpeech('Ring 070-123 45 67', 'sv'));
  });
});
