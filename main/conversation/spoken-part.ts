/** One thing a call says: our synthesised audio (played from /audio/<id>.wav) or Twilio's own voice. */
export type SpokenPart =
  | { kind: 'audio'; id: string; durationMs: number; engine: 'espeak' | 'piper'; voice: string }
  | { kind: 'say'; text: string; voice: string; language: 'sv-SE' | 'en-US' };

/** What the conversation needs from speech synthesis (main/tts/speech.ts provides it). */
export interface SpeechPort {
  prepare(text: string, language: 'sv' | 'en'): Promise<SpokenPart>;
  /** The cache ids the local voices of today's settings would give this text (synthesised or not). */
  audioIds(text: string, language: 'sv' | 'en'): string[];
}
