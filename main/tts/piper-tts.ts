/**
 * Piper, a neural voice the user installs separately: one process per synthesis, its text on
 * stdin, its WAV written to a temporary file. Every way it can fail becomes a TtsError that
 * names the path to fix, so the operator is told why GDial fell back to espeak-ng.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Language } from '../contract';
import { TtsError, type Synthesized, type TtsPort } from './tts-port';
import { parseWav, type WavInfo } from './wav';

const LANGUAGE_NAMES: Record<Language, string> = { sv: 'Swedish', en: 'English' };
const SETTING: Record<Language, string> = { sv: 'piperVoiceSv', en: 'piperVoiceEn' };
/** The tail of Piper's stderr kept for an error message. */
const STDERR_KEEP = 2000;

function checkSetup(binary: string, voice: string, language: Language): void {
  if (!binary) throw new TtsError('Piper is not set up: choose the piper program in Settings (piperBinary)');
  if (!voice) throw new TtsError(`No Piper voice for ${LANGUAGE_NAMES[language]}: choose a .onnx voice file in Settings (${SETTING[language]})`);
  if (!existsSync(voice)) throw new TtsError(`Piper voice not found: ${voice}. Correct the path in Settings (${SETTING[language]}) or install the voice`);
  if (!existsSync(`${voice}.json`)) {
    throw new TtsError(`Piper voice configuration not found: ${voice}.json. Put the .onnx.json that came with the voice next to it`);
  }
}

/** Runs Piper once; resolves when it exits 0, otherwise rejects with what went wrong. */
function run(binary: string, voice: string, out: string, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--model', voice, '--output_file', out], { shell: false, stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    let stderr = '';
    let settled = false;
    const settle = (error?: TtsError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(new TtsError(`Piper did not finish within ${timeoutMs / 1000} s: ${binary}. Check that the voice suits this Piper version`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_KEEP)));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') settle(new TtsError(`Piper not found: ${binary}. Install Piper or correct the path in Settings (piperBinary)`, { cause: error }));
      else if (error.code === 'EACCES') settle(new TtsError(`Piper cannot be run: ${binary} is not an executable program. Check the path in Settings (piperBinary)`, { cause: error }));
      else settle(new TtsError(`Piper could not be started (${binary}): ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return settle();
      const why = stderr.trim().split('\n').at(-1) ?? '';
      settle(new TtsError(`Piper failed (${code === null ? `killed by ${signal}` : `exit code ${code}`}): ${binary}${why ? `: ${why}` : ''}`));
    });
    // A Piper that dies before reading its input breaks the pipe; 'close' above says why.
    child.stdin.on('error', () => undefined);
    // Piper speaks each input line into the output file anew: the whole message must be one line.
    child.stdin.end(`${text.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
  });
}

export function createPiperTts(opts: { binary: string; voices: { sv: string; en: string }; timeoutMs?: number }): TtsPort {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return {
    engine: 'piper',
    voiceFor: (language: Language) => opts.voices[language],
    async synthesize(text: string, language: Language): Promise<Synthesized> {
      const voice = opts.voices[language];
      checkSetup(opts.binary, voice, language);
      if (!text.trim()) throw new TtsError('There is no text to speak');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'gdial-piper-'));
      try {
        const out = path.join(dir, 'speech.wav');
        await run(opts.binary, voice, out, text, timeoutMs);
        const wav = await readFile(out).catch(() => {
          throw new TtsError(`Piper wrote no audio (${opts.binary}): check that the voice file suits this Piper version`);
        });
        let info: WavInfo;
        try {
          info = parseWav(wav);
        } catch (error) {
          throw new TtsError(`Piper wrote no usable WAV (${opts.binary}): ${(error as Error).message}`, { cause: error });
        }
        if (info.dataBytes === 0) throw new TtsError(`Piper wrote an empty WAV (${opts.binary}) for this text`);
        return { wav, durationMs: info.durationMs };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
