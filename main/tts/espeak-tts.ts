/**
 * espeak-ng as the engine sees it: a TtsPort whose synthesis happens in the speech process
 * (espeak-child.ts), a separate program. espeak-ng is GPL-3.0: the process boundary keeps its
 * licence apart from GDial's code, and its synchronous 200 ms per text off the engine's loop.
 *
 * One long-lived process serves every request, one at a time (an espeak-ng instance holds 32 MB:
 * overlapping them would only add memory). If it dies or stops answering, the request in hand
 * fails with a TtsError (Speech then falls back to Twilio's voice, and health says so) and the
 * next request starts a fresh process. The engine never waits longer than the timeout.
 */
import type { Language } from '../contract';
import { launchChild, type ChildHandle } from '../workers/child-process';
import type { SpeechReply, SpeechRequest } from './espeak-protocol';
import { TtsError, type Synthesized, type TtsPort } from './tts-port';

export interface EspeakProcessOptions {
  /** Longest wait for one synthesis (default 20 s). */
  timeoutMs?: number;
  /** Added to the first wait of a fresh process, which loads Node and compiles espeak-ng first (default 15 s). */
  startMs?: number;
  /** Starts the process (tests); by default the speech process of this build. */
  launch?: () => ChildHandle;
}

export interface EspeakProcessHealth {
  /** The running speech process, or null when none runs (not started yet, or gone). */
  pid: number | null;
  /** How many times a process died or hung and was replaced. */
  restarts: number;
  lastError: string | null;
}

interface Pending {
  id: number;
  resolve: (s: Synthesized) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class EspeakProcess {
  private child: ChildHandle | null = null;
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private restarts = 0;
  private lastError: string | null = null;
  private readonly timeoutMs: number;
  private readonly startMs: number;
  /** The current process has not answered yet: its first wait includes its start. */
  private starting = false;
  private readonly launch: () => ChildHandle;

  constructor(opts: EspeakProcessOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.startMs = opts.startMs ?? 15_000;
    this.launch = opts.launch ?? (() => launchChild('espeak-child'));
  }

  /** Speaks `text` with `voice` in the speech process; requests run in turn. */
  synthesize(text: string, voice: string): Promise<Synthesized> {
    const run = this.queue.then(
      () => this.send(text, voice),
      () => this.send(text, voice),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  health(): EspeakProcessHealth {
    return { pid: this.child?.pid ?? null, restarts: this.restarts, lastError: this.lastError };
  }

  /** Ends the process (it is started again by the next request). */
  stop(): void {
    const child = this.child;
    this.child = null;
    child?.kill();
  }

  private ensureChild(): ChildHandle {
    if (this.child) return this.child;
    const child = this.launch();
    this.child = child;
    this.starting = true;
    child.onMessage((message) => this.onReply(child, message as SpeechReply));
    child.onExit((code) => {
      if (this.child !== child) return; // replaced or stopped on purpose
      this.child = null;
      this.fail(`the speech process stopped (exit code ${code ?? 'none'}); a new one starts with the next text`);
    });
    return child;
  }

  private send(text: string, voice: string): Promise<Synthesized> {
    return new Promise<Synthesized>((resolve, reject) => {
      let child: ChildHandle;
      try {
        child = this.ensureChild();
      } catch (error) {
        reject(new TtsError(`the speech process could not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
        return;
      }
      const id = this.nextId++;
      const limit = this.timeoutMs + (this.starting ? this.startMs : 0);
      const timer = setTimeout(() => {
        // Hung (or far too slow): replace it, so the next text is not stuck behind it.
        this.child = null;
        child.kill();
        this.fail(`espeak-ng did not answer within ${Math.ceil(limit / 1000)} s; the speech process was restarted`);
      }, limit);
      this.pending = { id, resolve, reject, timer };
      child.send({ type: 'speak', id, text, voice } satisfies SpeechRequest);
    });
  }

  private onReply(child: ChildHandle, reply: SpeechReply): void {
    const p = this.pending;
    if (reply.type === 'ready' || this.child !== child || !p || reply.id !== p.id) return;
    clearTimeout(p.timer);
    this.pending = null;
    this.starting = false;
    if (reply.type === 'spoken') {
      const wav = Buffer.from(reply.wav.buffer, reply.wav.byteOffset, reply.wav.byteLength);
      p.resolve({ wav, durationMs: reply.durationMs });
    } else {
      p.reject(reply.tts ? new TtsError(reply.message) : new TtsError(`espeak-ng failed: ${reply.message}`));
    }
  }

  /** The process is gone: the request in hand fails; health keeps why. */
  private fail(message: string): void {
    this.restarts++;
    this.lastError = message;
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    clearTimeout(p.timer);
    p.reject(new TtsError(message));
  }
}

let shared: EspeakProcess | undefined;

/** The speech process every espeak TtsPort of this engine process uses. */
export function sharedEspeakProcess(): EspeakProcess {
  shared ??= new EspeakProcess();
  return shared;
}

export function createEspeakTts(voices: { sv: string; en: string }, proc: EspeakProcess = sharedEspeakProcess()): TtsPort {
  return {
    engine: 'espeak',
    voiceFor: (language: Language) => voices[language],
    synthesize(text: string, language: Language) {
      if (!text.trim()) return Promise.reject(new TtsError('There is no text to speak'));
      return proc.synthesize(text, voices[language]);
    },
  };
}
