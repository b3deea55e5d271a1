/**
 * The speech figures: espeak-ng's real-time factor (synthesis wall time / audio duration, lower
 * is better) for a typical alert, measured as the engine sees it (through the speech process),
 * and the one-time cost of starting that process and compiling espeak-ng, reported apart.
 */
import { EspeakProcess, createEspeakTts } from '../main/tts/espeak-tts';
import { normalizeForSpeech } from '../main/tts/normalize';
import { round, timed, type Bench } from './harness';

// About forty words, as an alert reads once it is written out for speech.
export const ALERT =
  'Larm till räddningstjänsten i Åby. Brand i industribyggnad på Storgatan 12. Samling vid stationen kl. 14.30. ' +
  'Rökdykare och höjdfordon behövs. Vid förhinder ring 070-123 45 67. Tryck 1 för att bekräfta att du kommer.';
const RUNS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const ttsBench: Bench = {
  name: 'tts',
  run: async () => {
    const proc = new EspeakProcess();
    const espeak = createEspeakTts({ sv: 'sv', en: 'en' }, proc);
    const text = normalizeForSpeech(ALERT, 'sv');
    try {
      // The first synthesis starts the process and compiles espeak-ng: the init figure.
      const init = await timed(() => espeak.synthesize(text, 'sv'));
      const ratios: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const { seconds, value } = await timed(() => espeak.synthesize(text, 'sv'));
        ratios.push(seconds / (value.durationMs / 1000));
      }
      return { tts_espeak_init_ms: round(init.seconds * 1000, 0), tts_espeak_rtf: round(median(ratios), 4) };
    } finally {
      proc.stop();
    }
  },
};
