import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFakePiper, writeFakeVoice } from './fake-piper';
import { createPiperTts } from './piper-tts';
import { TtsError } from './tts-port';
import { parseWav, rms } from './wav';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'gdial-piper-test-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const failureOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as Error);

// Shebang scripts do not run on Windows; the runner's own code has nothing platform-specific.
describe.skipIf(process.platform === 'win32')('Piper runner', () => {
  it('runs the binary with exactly --model and --output_file, the text on stdin, and returns its audio', async () => {
    const piper = writeFakePiper(dir);
    const sv = writeFakeVoice(dir);
    const en = writeFakeVoice(dir, 'en_US-test-medium.onnx');
    const tts = createPiperTts({ binary: piper.binary, voices: { sv, en } });
    const { wav, durationMs } = await tts.synthesize('Brand i Åby.\nSamling vid stationen.', 'sv');

    const call = piper.calls()!;
    expect(call.args.slice(0, 3)).toEqual(['--model', sv, '--output_file']);
    expect(call.args).toHaveLength(4);
    expect(path.dirname(call.args[3]!)).not.toBe(dir);
    expect(call.args[3]).toMatch(/\.wav$/);
    // One line: Piper would speak each line into the output file anew.
    expect(call.stdin).toBe('Brand i Åby. Samling vid stationen.\n');
    expect(durationMs).toBe(500);
    expect(parseWav(wav).sampleRate).toBe(22050);
    expect(rms(wav)).toBeGreaterThan(0.1);
    expect(tts.voiceFor('en')).toBe(en);
  });

  it('names the path when there is no program there', async () => {
    const missing = path.join(dir, 'opt', 'piper', 'piper');
    const tts = createPiperTts({ binary: missing, voices: { sv: writeFakeVoice(dir), en: '' } });
    const error = await failureOf(tts.synthesize('Hej', 'sv'));
    expect(error).toBeInstanceOf(TtsError);
    expect(error!.message).toContain(`Piper not found: ${missing}`);
    expect(error!.message).toMatch(/Settings \(piperBinary\)/);
  });

  it('says which voice file is missing, and which setting holds it', async () => {
    const piper = writeFakePiper(dir);
    const gone = path.join(dir, 'sv_SE-gone.onnx');
    const error = await failureOf(createPiperTts({ binary: piper.binary, voices: { sv: gone, en: '' } }).synthesize('Hej', 'sv'));
    expect(error).toBeInstanceOf(TtsError);
    expect(error!.message).toContain(`Piper voice not found: ${gone}`);
    expect(error!.message).toContain('piperVoiceSv');
    expect(piper.calls()).toBeNull();
    const unset = await failureOf(createPiperTts({ binary: piper.binary, voices: { sv: gone, en: '' } }).synthesize('Hi', 'en'));
    expect(unset!.message).toMatch(/No Piper voice for English.*piperVoiceEn/);
  });

  it('reports a failing Piper with its exit code and last words', async () => {
    const piper = writeFakePiper(dir, 'fail');
    const error = await failureOf(createPiperTts({ binary: piper.binary, voices: { sv: writeFakeVoice(dir), en: '' } }).synthesize('Hej', 'sv'));
    expect(error).toBeInstanceOf(TtsError);
    expect(error!.message).toContain('exit code 3');
    expect(error!.message).toContain(piper.binary);
    expect(error!.message).toContain('Failed to load voice model');
  });

  it('stops a Piper that does not finish in time', async () => {
    const piper = writeFakePiper(dir, 'hang');
    const tts = createPiperTts({ binary: piper.binary, voices: { sv: writeFakeVoice(dir), en: '' }, timeoutMs: 1500 });
    const error = await failureOf(tts.synthesize('Hej', 'sv'));
    expect(error).toBeInstanceOf(TtsError);
    expect(error!.message).toMatch(/did not finish within 1.5 s/);
  });

  it('reports a Piper that exits 0 without writing audio', async () => {
    const piper = writeFakePiper(dir, 'no-output');
    const error = await failureOf(createPiperTts({ binary: piper.binary, voices: { sv: writeFakeVoice(dir), en: '' } }).synthesize('Hej', 'sv'));
    expect(error).toBeInstanceOf(TtsError);
    expect(error!.message).toMatch(/Piper wrote no audio/);
  });

  it('refuses a file that is not a program', async () => {
    const voice = writeFakeVoice(dir);
    const error = await failureOf(createPiperTts({ binary: `${voice}.json`, voices: { sv: voice, en: '' } }).synthesize('Hej', 'sv'));
    expect(error).toBeInstanceOf(TtsError);
    expect(error!.message).toContain(`${voice}.json is not an executable program`);
  });
});
