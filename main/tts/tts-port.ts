/** What a local speech synthesiser offers the engine: text in, a WAV file's bytes out. */
import type { Language } from '../contract';

export interface Synthesized {
  wav: Buffer;
  durationMs: number;
}

export interface TtsPort {
  readonly engine: 'espeak' | 'piper';
  /** The voice used for `language`, as the cache key and the preview name it. */
  voiceFor(language: Language): string;
  synthesize(text: string, language: Language): Promise<Synthesized>;
}

/** A synthesis that failed for a reason the operator can fix; the message names what and where. */
export class TtsError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts);
    this.name = 'TtsError';
  }
}
