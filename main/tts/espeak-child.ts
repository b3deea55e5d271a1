/**
 * The speech process: espeak-ng (GPL-3.0) runs here, in a process of its own, never inside the
 * engine. The boundary keeps its licence apart from GDial's code (the two talk only by messages,
 * as two programs do), and its synchronous synthesis off the engine's event loop.
 *
 * Protocol (espeak-protocol.ts): one request at a time, answered with the WAV bytes or the
 * TtsError message; `ready` once at start.
 */
import { parentChannel } from '../workers/child-process';
import { speak } from './espeak-wasm';
import type { SpeechReply, SpeechRequest } from './espeak-protocol';
import { TtsError } from './tts-port';

const parent = parentChannel();
let queue: Promise<unknown> = Promise.resolve();

parent.onMessage((message) => {
  const req = message as SpeechRequest;
  if (req?.type !== 'speak') return;
  queue = queue.then(async () => {
    let reply: SpeechReply;
    try {
      const { wav, durationMs } = await speak(req.text, req.voice);
      reply = { type: 'spoken', id: req.id, wav: new Uint8Array(wav.buffer, wav.byteOffset, wav.byteLength), durationMs };
    } catch (error) {
      const tts = error instanceof TtsError;
      reply = { type: 'failed', id: req.id, message: error instanceof Error ? error.message : String(error), tts };
    }
    parent.send(reply);
  });
});
parent.send({ type: 'ready', pid: process.pid } satisfies SpeechReply);
