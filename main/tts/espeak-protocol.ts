/** The messages between the engine (espeak-tts.ts) and the speech process (espeak-child.ts). */
export interface SpeechRequest {
  type: 'speak';
  id: number;
  text: string;
  voice: string;
}

export type SpeechReply =
  | { type: 'ready'; pid: number }
  | { type: 'spoken'; id: number; wav: Uint8Array; durationMs: number }
  /** `tts`: a TtsError (the operator can fix it, e.g. an unknown voice), not a crash. */
  | { type: 'failed'; id: number; message: string; tts: boolean };
